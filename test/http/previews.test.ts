// GET /preview: a look at a file for the share page, never counted as a download, refused for the files whose
// downloads are counted or whose bytes the server cannot read, and sent so that nothing in it can run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, basicAuth, createUpload, fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

const previewUrl = (upload: UploadJson, file: FileJson) => fileUrl(ferry.url, upload, file, 'preview');

/** An upload made with these options, holding one file. */
async function shared(options: object, content: string, name: string, type?: string) {
  const upload = await createUpload(ferry.url, options);
  const file = await addFile(ferry.url, upload, content, name, type);
  return { upload, file };
}

const SCRIPT = '<script>alert(1)</script>';

describe('previews', () => {
  it('send each kind with a sandbox, nosniff, inline, and as plain text for texts of every kind', async () => {
    for (const [name, type, kind, served] of [
      ['cat.png', 'image/png', 'image', 'image/png'],
      ['logo.svg', 'image/svg+xml', 'image', 'image/svg+xml'],
      ['clip.webm', 'video/webm', 'video', 'video/webm'],
      ['song.mp3', 'audio/mpeg', 'audio', 'audio/mpeg'],
      ['report.pdf', 'application/pdf', 'pdf', 'application/pdf'],
      ['notes.txt', 'text/plain; charset=utf-8', 'text', 'text/plain; charset=utf-8'],
      ['page.html', 'text/html', 'text', 'text/plain; charset=utf-8'],
      ['main.ts', undefined, 'text', 'text/plain; charset=utf-8'],
      ['README.md', 'text/markdown', 'markdown', 'text/plain; charset=utf-8'],
      ['data.json', 'application/json', 'json', 'text/plain; charset=utf-8'],
    ] as const) {
      const { upload, file } = await shared({}, SCRIPT, name, type);
      const listed = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
      expect(listed.files[0]?.preview, name).toBe(kind);
      const response = await fetch(previewUrl(upload, file));
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toBe(served);
      expect(response.headers.get('content-disposition'), name).toBe(`inline; filename=${name}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; img-src 'self'; media-src 'self'; sandbox; frame-ancestors 'self'",
      );
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      expect(await response.text()).toBe(SCRIPT);
    }
  });

  it('say which files have none, and refuse types without one (415)', async () => {
    const { upload, file } = await shared({}, 'PK', 'archive.zip', 'application/zip');
    const listed = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    expect(listed.files[0]).not.toHaveProperty('preview');
    const response = await fetch(previewUrl(upload, file));
    expect([response.status, await response.json()]).toEqual([
      415,
      { status: 415, message: 'files of type application/zip have no preview' },
    ]);
  });

  it('send media by Range', async () => {
    const { upload, file } = await shared({}, 'not really a video, 32 bytes....', 'clip.mp4', 'video/mp4');
    const head = await fetch(previewUrl(upload, file), { method: 'HEAD' });
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-length')).toBe('32');
    const part = await fetch(previewUrl(upload, file), { headers: { Range: 'bytes=4-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 4-9/32');
    expect(await part.text()).toBe('really');
    const past = await fetch(previewUrl(upload, file), { headers: { Range: 'bytes=100-' } });
    expect(past.status).toBe(416);
  });

  it("send a long text's first 256 KiB, and say it is cut", async () => {
    const line = `${'x'.repeat(1023)}\n`;
    const { upload, file } = await shared({}, line.repeat(300), 'long.log', 'text/plain');
    const response = await fetch(previewUrl(upload, file), { headers: { Range: 'bytes=0-9' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-preview-truncated')).toBe('true');
    expect(response.headers.get('accept-ranges')).toBeNull();
    expect(await response.text()).toBe(line.repeat(256));
    const short = await shared({}, 'short', 'short.txt', 'text/plain');
    expect((await fetch(previewUrl(short.upload, short.file))).headers.get('x-preview-truncated')).toBeNull();
  });

  it('are not downloads: a file limited to 2 downloads still has 2, and no download is counted', async () => {
    const { upload, file } = await shared({}, 'counted', 'notes.txt', 'text/plain');
    for (let i = 0; i < 3; i++) expect((await fetch(previewUrl(upload, file))).status).toBe(200);
    const seen = (await (
      await fetch(`${ferry.url}/upload/${upload.id}`, { headers: { 'X-UploadToken': upload.uploadToken! } })
    ).json()) as UploadJson;
    expect(seen.downloadCount).toBe(0);
    expect(seen.files[0]?.downloadCount).toBe(0);

    const limited = await shared({ maxDownloads: 2 }, 'limited', 'notes.txt', 'text/plain');
    for (let i = 0; i < 3; i++) expect((await fetch(previewUrl(limited.upload, limited.file))).status).toBe(403);
    const after = (await (await fetch(`${ferry.url}/upload/${limited.upload.id}`)).json()) as UploadJson;
    expect(after.files[0]?.remainingDownloads).toBe(2);
    expect((await fetch(fileUrl(ferry.url, limited.upload, limited.file))).status).toBe(200);
    expect((await fetch(fileUrl(ferry.url, limited.upload, limited.file))).status).toBe(200);
  });

  it('are refused (403) for one-shot, stream, download-limited and end-to-end encrypted files', async () => {
    for (const options of [{ oneShot: true }, { maxDownloads: 3 }, { e2ee: 'age' }]) {
      // An e2ee upload takes age files only: these are the bytes one starts with.
      const { upload, file } = await shared(options, 'age-encryption.org/v1\n', 'notes.txt', 'text/plain');
      const listed = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
      expect(listed.files[0], JSON.stringify(options)).not.toHaveProperty('preview');
      const response = await fetch(previewUrl(upload, file));
      expect(response.status, JSON.stringify(options)).toBe(403);
      expect(((await response.json()) as { message: string }).message).toMatch(/have no preview/);
    }
    const stream = await createUpload(ferry.url, { stream: true, files: [{ fileName: 'live.txt' }] });
    const response = await fetch(previewUrl(stream, stream.files[0]!));
    expect([response.status, await response.json()]).toEqual([
      403,
      { status: 403, message: 'one-shot, stream and download-limited files have no preview: it would use up a download' },
    ]);
  });

  it('need the password of a protected upload, and the key of a link-encrypted one', async () => {
    const { upload, file } = await shared({ login: 'plik', password: 'secret' }, 'private', 'notes.txt', 'text/plain');
    expect((await fetch(previewUrl(upload, file))).status).toBe(401);
    expect((await fetch(previewUrl(upload, file), { headers: { Authorization: basicAuth('plik', 'wrong') } })).status).toBe(401);
    const unlocked = await fetch(previewUrl(upload, file), { headers: { Authorization: basicAuth('plik', 'secret') } });
    expect([unlocked.status, await unlocked.text()]).toEqual([200, 'private']);

    const sealed = await createUpload(ferry.url, { encryption: 'link' });
    const key = (sealed as { downloadKey?: string }).downloadKey!;
    const response = await fetch(`${ferry.url}/file/${sealed.id}?key=${key}`, {
      method: 'POST',
      headers: { 'X-UploadToken': sealed.uploadToken! },
      body: multipartFile('in the clear', 'notes.txt', 'text/plain'),
    });
    const sealedFile = (await response.json()) as FileJson;
    const keyless = await fetch(previewUrl(sealed, sealedFile));
    expect([keyless.status, await keyless.json()]).toEqual([
      404,
      { status: 404, message: 'this file needs the key from its download link' },
    ]);
    expect(await (await fetch(`${previewUrl(sealed, sealedFile)}?key=${key}`)).text()).toBe('in the clear');
  });

  it("keep hotlink protection: another site may not embed a protected upload's previews", async () => {
    const open = await shared({}, 'x', 'cat.png', 'image/png');
    expect((await fetch(previewUrl(open.upload, open.file))).headers.get('cross-origin-resource-policy')).toBeNull();
    const guarded = await shared({ hotlinkProtection: true }, 'x', 'cat.png', 'image/png');
    expect((await fetch(previewUrl(guarded.upload, guarded.file))).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('are gone with their upload', async () => {
    const { upload, file } = await shared({}, 'x', 'notes.txt', 'text/plain');
    await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    expect((await fetch(previewUrl(upload, file))).status).toBe(404);
  });
});

describe("the server's download page", () => {
  const page = async (id: string) => {
    const response = await fetch(`${ferry.url}/d?id=${id}`);
    return { html: await response.text(), csp: response.headers.get('content-security-policy') };
  };

  it("shows a file's preview, in a sandboxed frame for a text, and lets the page load it", async () => {
    const image = await shared({}, 'x', 'cat.png', 'image/png');
    const shown = await page(image.file.id);
    expect(shown.html).toContain(`<img src="${previewUrl(image.upload, image.file)}" alt="Preview of cat.png" loading="lazy">`);
    expect(shown.csp).toMatch(/img-src 'self'; media-src 'self'; frame-src 'self'$/);
    const text = await shared({}, 'x', 'page.html', 'text/html');
    expect((await page(text.file.id)).html).toContain(
      `<iframe src="${previewUrl(text.upload, text.file)}" title="Preview of page.html" loading="lazy" sandbox></iframe>`,
    );
  });

  it('shows none for a limited file', async () => {
    const limited = await shared({ maxDownloads: 1 }, 'x', 'cat.png', 'image/png');
    expect((await page(limited.file.id)).html).not.toContain('/preview/');
  });
});

describe('previews with a DownloadDomain', () => {
  it("come from that domain, which the pages' policies allow, and only a sibling may embed a protected one", async () => {
    const elsewhere = await startTestFerry({ DownloadDomain: 'https://dl.example.com', PlikDomain: 'https://files.example.com' });
    try {
      const upload = await createUpload(elsewhere.url, { hotlinkProtection: true });
      const file = await addFile(elsewhere.url, upload, 'x', 'cat.png', 'image/png');
      const page = await fetch(`${elsewhere.url}/d?id=${file.id}`);
      expect(await page.text()).toContain(`<img src="https://dl.example.com/preview/${upload.id}/${file.id}/cat.png"`);
      expect(page.headers.get('content-security-policy')).toMatch(
        /img-src 'self' https:\/\/dl\.example\.com; media-src 'self' https:\/\/dl\.example\.com; frame-src 'self' https:\/\/dl\.example\.com$/,
      );
      const sharePage = await fetch(`${elsewhere.url}/d?id=${upload.id}`);
      expect(sharePage.headers.get('content-security-policy')).toContain("media-src 'self' https://dl.example.com");
      const preview = await fetch(fileUrl(elsewhere.url, upload, file, 'preview'));
      expect(preview.headers.get('cross-origin-resource-policy')).toBe('same-site');
      // The PDF viewer's frame is in the web page, at PlikDomain.
      expect(preview.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/files\.example\.com$/);
    } finally {
      await elsewhere.close();
    }
  });
});
