// Chat apps' link-preview bots (LinkPreviewBots) get 406 from what a download uses up (one-shot, stream, download
// limit, a zip of such files), so that the file is still there for the person the link was pasted for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile } from '../helpers/plik-client.js';

const SLACK = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const WHATSAPP = 'WhatsApp/2.23.20.0';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry?.close());

const get = (url: string, agent: string, method = 'GET') => fetch(url, { method, headers: { 'User-Agent': agent } });

async function uploadedFile(options: object) {
  const upload = await createUpload(ferry.url, options);
  const file = await addFile(ferry.url, upload, 'the only copy', 'note.txt');
  return { upload, url: fileUrl(ferry.url, upload, file) };
}

describe('link-preview bots', () => {
  it('get 406 from a one-shot file, which the next person then downloads once', async () => {
    const { url } = await uploadedFile({ oneShot: true });
    const refused = await get(url, SLACK);
    expect(refused.status).toBe(406);
    expect(await refused.text()).toMatch(/^link preview bots may not download a one-shot, stream or download-limited file/);
    expect((await get(url, WHATSAPP)).status).toBe(406);
    // A HEAD takes nothing: previews may ask it.
    expect((await get(url, SLACK, 'HEAD')).status).toBe(200);
    const person = await get(url, BROWSER);
    expect(person.status).toBe(200);
    expect(await person.text()).toBe('the only copy');
    expect((await get(url, BROWSER)).status).toBe(404);
  });

  it('get 406 from a download-limited file and from a zip of one, and the limit is untouched', async () => {
    const { upload, url } = await uploadedFile({ maxdownloads: 2 });
    expect((await get(url, 'facebookexternalhit/1.1')).status).toBe(406);
    expect((await get(`${ferry.url}/archive/${upload.id}/all.zip`, 'Discordbot/2.0')).status).toBe(406);
    expect((await get(url, BROWSER)).status).toBe(200);
    expect((await get(url, BROWSER)).status).toBe(200);
    expect((await get(url, BROWSER)).status).toBe(404);
  });

  it('preview a file without a download limit as anyone may', async () => {
    const { url } = await uploadedFile({});
    const preview = await get(url, SLACK);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toBe('the only copy');
  });

  it('do not take a stream, which stays for the downloader', async () => {
    const upload = await createUpload(ferry.url, { stream: true, files: [{ fileName: 's.txt', fileSize: 6 }] });
    const url = fileUrl(ferry.url, upload, upload.files[0]!, 'stream');
    const uploading = fetch(url, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile('stream', 's.txt'),
    });
    await expect.poll(async () => (await fetch(url, { method: 'HEAD' })).status).toBe(200);
    expect((await get(url, 'TelegramBot (like TwitterBot)')).status).toBe(406);
    const person = await get(url, BROWSER);
    expect(await person.text()).toBe('stream');
    expect((await uploading).status).toBe(200);
  });

  it('are the ones LinkPreviewBots names, when it is set', async () => {
    const custom = await startTestFerry({ LinkPreviewBots: ['ExamplePreviewer'] });
    try {
      const upload = await createUpload(custom.url, { oneShot: true });
      const file = await addFile(custom.url, upload, 'x', 'x.txt');
      const url = fileUrl(custom.url, upload, file);
      expect((await get(url, 'ExamplePreviewer/3.1')).status).toBe(406);
      // No longer on the list: Slack's bot is a downloader like any other here.
      expect((await get(url, SLACK)).status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});
