import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, basicAuth, createUpload, fileUrl, multipartFile, rawMultipart, type FileJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

describe('GET and HEAD /file/:id/:fileId/:fileName', () => {
  it('serves the bytes with type, length and an inline disposition', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, 'some text', 'test.txt', 'text/plain');
    const response = await fetch(fileUrl(ferry.url, upload, file));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('some text');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-length')).toBe('9');
    expect(response.headers.get('content-disposition')).toBe('inline; filename=test.txt');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers HEAD with the headers only, as in the reference example (curl -I)', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, 'x'.repeat(3486), 'test.txt', 'text/plain');
    const response = await fetch(fileUrl(ferry.url, upload, file), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('3486');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toBe('inline; filename=test.txt');
  });

  it('forces a download with ?dl=1 and names any file safely (RFC 6266)', async () => {
    const upload = await createUpload(ferry.url);
    const { body, headers } = rawMultipart('résumé \\"final\\"; x=1.txt');
    const added = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    const file = (await added.json()) as FileJson;
    expect(file.fileName).toBe('résumé "final"; x=1.txt');
    const response = await fetch(`${fileUrl(ferry.url, upload, file)}?dl=1`);
    expect(response.status).toBe(200);
    // filename holds the name's UTF-8 bytes as Plik sends them (curl -OJ and wget read only it), filename* encodes it.
    const disposition = Buffer.from(response.headers.get('content-disposition')!, 'latin1').toString('utf8');
    expect(disposition).toBe(
      `attachment; filename="résumé \\"final\\"; x=1.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%3B%20x%3D1.txt`,
    );
  });

  it('never serves HTML or SVG as something a browser runs: bytes to save', async () => {
    const upload = await createUpload(ferry.url);
    const html = await addFile(ferry.url, upload, '<script>alert(1)</script>', 'page.html', 'text/html');
    const svg = await addFile(ferry.url, upload, '<svg onload="alert(1)"/>', 'image.svg', 'image/svg+xml');
    for (const file of [html, svg]) {
      const response = await fetch(fileUrl(ferry.url, upload, file));
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    }
  });

  it('answers a Range with 206 and only those bytes, and an impossible one with 416', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, '0123456789', 'digits.txt');
    const partial = await fetch(fileUrl(ferry.url, upload, file), { headers: { Range: 'bytes=2-5' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(partial.headers.get('accept-ranges')).toBe('bytes');
    expect(await partial.text()).toBe('2345');
    const suffix = await fetch(fileUrl(ferry.url, upload, file), { headers: { Range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('789');
    const impossible = await fetch(fileUrl(ferry.url, upload, file), { headers: { Range: 'bytes=50-60' } });
    expect(impossible.status).toBe(416);
    const malformed = await fetch(fileUrl(ferry.url, upload, file), { headers: { Range: 'pages=1' } });
    expect(malformed.status).toBe(200);
    expect(await malformed.text()).toBe('0123456789');
  });

  it('needs the exact file name, and answers 404 for unknown files and files not yet uploaded', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'later.txt' }] });
    const file = await addFile(ferry.url, upload, 'x', 'a.txt');
    const wrongName = await fetch(`${ferry.url}/file/${upload.id}/${file.id}/b.txt`);
    expect(wrongName.status).toBe(400);
    expect(await wrongName.text()).toBe('invalid file name\n');
    expect((await fetch(`${ferry.url}/file/${upload.id}/CCCCCCCCCCCCCCCC/a.txt`)).status).toBe(404);
    const missing = await fetch(fileUrl(ferry.url, upload, upload.files[0]!));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/is not available : missing/);
  });
});

describe('oneShot', () => {
  it('lets exactly one of many parallel downloads through, then deletes the data', async () => {
    const upload = await createUpload(ferry.url, { oneShot: true });
    const file = await addFile(ferry.url, upload, 'only once', 'once.txt');
    const head = await fetch(fileUrl(ferry.url, upload, file), { method: 'HEAD' });
    expect(head.status).toBe(200);
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(fileUrl(ferry.url, upload, file))));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 404)).toHaveLength(19);
    expect(bodies.filter((b) => b === 'only once')).toHaveLength(1);
    expect(responses.find((r) => r.status === 200)!.headers.get('cache-control')).toContain('no-store');
    await expect.poll(async () => (await ferry.storedFiles()).filter((f) => f.includes(upload.id))).toEqual([]);
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
  });
});

describe('password-protected uploads', () => {
  it('need HTTP Basic with the login and password for every read', async () => {
    const upload = await createUpload(ferry.url, { login: 'foo', password: 'bar' });
    const file = await addFile(ferry.url, upload, 'secret data', 's.txt');
    for (const url of [`${ferry.url}/upload/${upload.id}`, fileUrl(ferry.url, upload, file), `${ferry.url}/archive/${upload.id}/all.zip`]) {
      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((await fetch(url, { headers: { Authorization: basicAuth('foo', 'wrong') } })).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: basicAuth('other', 'bar') } })).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: 'Basic !!!' } })).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: basicAuth('foo', 'bar') } })).status).toBe(200);
    }
  });

  it('uses the login "plik" when only a password is given', async () => {
    const upload = await createUpload(ferry.url, { password: 'pw' });
    expect((await fetch(`${ferry.url}/upload/${upload.id}`, { headers: { Authorization: basicAuth('plik', 'pw') } })).status).toBe(200);
  });
});

describe('stream mode', () => {
  it('holds the uploader until a downloader comes, then passes the bytes through without storing them', async () => {
    const upload = await createUpload(ferry.url, {
      stream: true,
      files: [{ fileName: 's.bin', fileSize: 200000, fileType: 'audio/x-test' }],
    });
    const declared = upload.files[0]!;
    const url = fileUrl(ferry.url, upload, declared, 'stream');
    expect((await fetch(url)).status).toBe(404);

    const payload = new Uint8Array(200000).map((_, i) => i % 251);
    const uploading = fetch(url, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile(payload, 's.bin'),
    });
    await expect.poll(async () => (await fetch(url, { method: 'HEAD' })).status).toBe(200);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('200000');
    expect(head.headers.get('content-type')).toBe('audio/x-test');
    expect(await ferry.storedFiles()).not.toContainEqual(expect.stringContaining(upload.id));

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(payload);
    const uploaded = await uploading;
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({ status: 'deleted', fileSize: 200000 });
    expect((await fetch(url)).status).toBe(404);
  });

  it('cancels a waiting stream upload on DELETE /stream/…, as Plik 1.4 does: the uploader is told, no one downloads', async () => {
    const upload = await createUpload(ferry.url, { stream: true, files: [{ fileName: 'c.bin', fileSize: 5 }] });
    const url = fileUrl(ferry.url, upload, upload.files[0]!, 'stream');
    const uploading = fetch(url, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile('bytes', 'c.bin'),
    });
    await expect.poll(async () => (await fetch(url, { method: 'HEAD' })).status).toBe(200);
    // Without the upload's token a stranger cannot cancel it.
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
    const cancelled = await fetch(url, { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    expect([cancelled.status, await cancelled.text()]).toEqual([200, 'ok']);
    const uploader = await uploading;
    expect([uploader.status, await uploader.text()]).toEqual([
      409,
      `file ${upload.files[0]!.id} was removed while it waited for a downloader: stream upload cancelled\n`,
    ]);
    expect((await fetch(url)).status).toBe(404);
  });

  it('has no archive', async () => {
    const upload = await createUpload(ferry.url, { stream: true });
    const response = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('archive feature is not available in stream mode\n');
  });
});
