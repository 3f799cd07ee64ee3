import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { basicAuth, fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An upload made with these options holding one file; its downloadKey when link-encrypted. */
async function share(
  options: object,
  content: string | Uint8Array<ArrayBuffer>,
  name: string,
  type: string,
  base = ferry.url,
): Promise<{ upload: UploadJson & { downloadKey?: string }; file: FileJson }> {
  const upload = (await (await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify(options) })).json()) as UploadJson & {
    downloadKey?: string;
  };
  const key = upload.downloadKey ? `?key=${upload.downloadKey}` : '';
  const response = await fetch(`${base}/file/${upload.id}${key}`, {
    method: 'POST',
    headers: { 'X-UploadToken': upload.uploadToken! },
    body: multipartFile(content, name, type),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return { upload, file: (await response.json()) as FileJson };
}

/** Every form a hotlink to this file may take: Ferry's, and Gokapi's /h/ and /hotlink/ with the id (and extension). */
function hotlinks(file: FileJson, base = ferry.url): string[] {
  const extension = /\.[a-z0-9]+$/i.exec(file.fileName)?.[0].toLowerCase() ?? '';
  return [
    `${base}/hotlink/${file.id}/${encodeURIComponent(file.fileName)}`,
    `${base}/hotlink/${file.id}`,
    `${base}/h/${file.id}${extension}`,
    `${base}/h/${file.id}`,
  ];
}

describe('hotlinks', () => {
  it('serve an image inline with its type, under every form of the link', async () => {
    const { file } = await share({}, PNG, 'cat.png', 'image/png');
    for (const url of hotlinks(file)) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('content-disposition')).toBe('inline; filename=cat.png');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
    }
  });

  it('serve a video inline, by Range when it has no download limit', async () => {
    const { file } = await share({}, 'not really a video, 32 bytes...', 'clip.mp4', 'video/mp4');
    const [url] = hotlinks(file);
    const whole = await fetch(url!);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('content-disposition')).toMatch(/^inline/);
    const part = await fetch(url!, { headers: { Range: 'bytes=4-9' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('really');
  });

  it('serve anything else, and types a browser could run, as attachments', async () => {
    for (const [name, type, served] of [
      ['notes.txt', 'text/plain', 'text/plain'],
      ['page.html', 'text/html', 'application/octet-stream'],
      ['logo.svg', 'image/svg+xml', 'application/octet-stream'],
      ['archive.zip', 'application/zip', 'application/octet-stream'],
    ] as const) {
      const { file } = await share({}, '<svg onload=alert(1)>', name, type);
      for (const url of hotlinks(file)) {
        const response = await fetch(url);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('content-type'), name).toBe(served);
        expect(response.headers.get('content-disposition'), name).toMatch(/^attachment/);
      }
    }
  });

  it('are 404 for an unknown id, a wrong name, or a removed file', async () => {
    const { upload, file } = await share({}, PNG, 'gone.png', 'image/png');
    expect((await fetch(`${ferry.url}/h/AAAAAAAAAAAAAAAA.png`)).status).toBe(404);
    expect((await fetch(`${ferry.url}/hotlink/${file.id}/other.png`)).status).toBe(404);
    expect((await fetch(`${ferry.url}/h/..%2F..%2Fetc`)).status).toBe(404);
    await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    for (const url of hotlinks(file)) expect((await fetch(url)).status, url).toBe(404);
  });

  it('are refused for an upload with hotlinkProtection, which downloads as usual', async () => {
    const { upload, file } = await share({ hotlinkProtection: true }, PNG, 'private.png', 'image/png');
    expect(upload.hotlinkProtection).toBe(true);
    for (const url of hotlinks(file)) expect((await fetch(url)).status, url).toBe(404);
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(200);
  });

  it('are refused for a password-protected upload, even with its credentials', async () => {
    const { upload, file } = await share({ login: 'me', password: 'secret' }, PNG, 'locked.png', 'image/png');
    for (const url of hotlinks(file)) {
      expect((await fetch(url, { headers: { Authorization: basicAuth('me', 'secret') } })).status, url).toBe(404);
    }
    expect((await fetch(fileUrl(ferry.url, upload, file), { headers: { Authorization: basicAuth('me', 'secret') } })).status).toBe(200);
  });

  it('need the key of a link-encrypted upload, in the query or X-Ferry-Key', async () => {
    const { upload, file } = await share({ encryption: 'link' }, PNG, 'sealed.png', 'image/png');
    const key = upload.downloadKey!;
    for (const url of hotlinks(file)) {
      expect((await fetch(url)).status, url).toBe(404);
      expect((await fetch(`${url}?key=${'A'.repeat(43)}`)).status, url).toBe(404);
      const withKey = await fetch(`${url}?key=${key}`);
      expect(withKey.status, url).toBe(200);
      expect(new Uint8Array(await withKey.arrayBuffer())).toEqual(PNG);
      expect((await fetch(url, { headers: { 'X-Ferry-Key': key } })).status, url).toBe(200);
    }
  });

  it('count against the download limit like any download; HEAD does not', async () => {
    const { upload, file } = await share({ maxDownloads: 3 }, PNG, 'counted.png', 'image/png');
    const [ferryForm, , gokapiForm] = hotlinks(file);
    expect((await fetch(ferryForm!, { method: 'HEAD' })).status).toBe(200);
    const first = await fetch(ferryForm!);
    expect(first.headers.get('cache-control')).toMatch(/no-store/);
    await first.arrayBuffer();
    await (await fetch(fileUrl(ferry.url, upload, file))).arrayBuffer();
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    expect(shown.files[0]!.remainingDownloads).toBe(1);
    expect((await fetch(gokapiForm!)).status).toBe(200);
    expect((await fetch(gokapiForm!)).status).toBe(404);
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
  });
});

describe('HotlinkProtection = true', () => {
  let guarded: TestFerry;
  beforeAll(async () => {
    guarded = await startTestFerry({ HotlinkProtection: true });
  });
  afterAll(() => guarded.close());

  it('turns every hotlink off, and leaves downloads alone', async () => {
    const { upload, file } = await share({}, PNG, 'cat.png', 'image/png', guarded.url);
    for (const url of hotlinks(file, guarded.url)) expect((await fetch(url)).status, url).toBe(404);
    expect((await fetch(fileUrl(guarded.url, upload, file))).status).toBe(200);
  });
});
