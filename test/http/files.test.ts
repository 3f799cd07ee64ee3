import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile, rawMultipart, type FileJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ MaxFileSize: 1000, MaxFilePerUpload: 3 });
});
afterAll(() => ferry.close());

const post = (path: string, body: FormData | string, headers: Record<string, string> = {}) =>
  fetch(`${ferry.url}${path}`, { method: 'POST', body, headers });

describe('POST /file/:id', () => {
  it('stores a file and answers it with size, md5 and type', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, 'hello world', 'hello.txt', 'text/plain');
    expect(file).toMatchObject({
      fileName: 'hello.txt',
      status: 'uploaded',
      fileSize: 11,
      fileMd5: '5eb63bbbe01eeed093cb22bb8f5acdc3',
      fileType: 'text/plain',
    });
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as { files: FileJson[] };
    expect(shown.files).toEqual([file]);
  });

  it('guesses the type from the name when the client sends none', async () => {
    const upload = await createUpload(ferry.url);
    expect((await addFile(ferry.url, upload, 'x', 'photo.png')).fileType).toBe('image/png');
  });

  it('works with the curl example of the reference: -F "file=@test.txt"', async () => {
    const upload = await createUpload(ferry.url);
    const form = new FormData();
    form.append('comment', 'ignored field before the file');
    form.append('other', new Blob(['not this one']), 'other.txt');
    form.append('file', new Blob(['abc']), 'test.txt');
    const response = await post(`/file/${upload.id}`, form, { 'X-UploadToken': upload.uploadToken! });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ fileName: 'test.txt', fileSize: 3 });
  });

  it('needs the upload token', async () => {
    const upload = await createUpload(ferry.url);
    const missing = await post(`/file/${upload.id}`, multipartFile('x', 'x.txt'));
    expect(missing.status).toBe(403);
    expect(await missing.text()).toBe('you are not allowed to add file to this upload\n');
    const wrong = await post(`/file/${upload.id}`, multipartFile('x', 'x.txt'), { 'X-UploadToken': 'A'.repeat(32) });
    expect(wrong.status).toBe(403);
  });

  it('answers 404 for an unknown upload', async () => {
    const response = await post('/file/AAAAAAAAAAAAAAAA', multipartFile('x', 'x.txt'), { 'X-UploadToken': 'x' });
    expect(response.status).toBe(404);
  });

  it('refuses bodies that are not a multipart form with a file part', async () => {
    const upload = await createUpload(ferry.url);
    const headers = { 'X-UploadToken': upload.uploadToken! };
    const notMultipart = await post(`/file/${upload.id}`, 'plain body', headers);
    expect(notMultipart.status).toBe(400);
    expect(await notMultipart.text()).toMatch(/^invalid multipart form/);
    const noFile = new FormData();
    noFile.append('field', 'value');
    const missingFile = await post(`/file/${upload.id}`, noFile, headers);
    expect(missingFile.status).toBe(400);
    expect(await missingFile.text()).toBe('missing file from multipart form\n');
    const broken = await post(`/file/${upload.id}`, '--xx\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc', {
      ...headers,
      'Content-Type': 'multipart/form-data; boundary=xx',
    });
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
  });

  it.each([
    ['../../etc/passwd'],
    ['..\\..\\windows\\system.ini'],
    ['/absolute/path'],
    ['..'],
    ['a\u0000b'],
    ['tab\there'],
    ['x'.repeat(1025)],
  ])('stores the file name %j only as a plain name, or refuses it, and writes nothing outside the data folder', async (name) => {
    const upload = await createUpload(ferry.url);
    const { body, headers } = rawMultipart(name, 'evil');
    const response = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    if (response.status === 200) {
      // Like Plik (Go's FileName()), the multipart parser keeps only the last path segment.
      const file = (await response.json()) as FileJson;
      expect(file.fileName).not.toMatch(/[/\\\u0000-\u001f]|^\.\.?$/);
    } else {
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/file name/);
    }
    const stored = await ferry.storedFiles();
    expect(stored.filter((f) => !/^(ferry\.db(-wal|-shm)?|files\/\w{2}\/\w{16}\/\w{16})$/.test(f))).toEqual([]);
  });

  it('refuses a file over MaxFileSize with 413 and keeps no partial data', async () => {
    const upload = await createUpload(ferry.url);
    const before = await ferry.storedFiles();
    const response = await post(`/file/${upload.id}`, multipartFile(new Uint8Array(5000), 'big.bin'), {
      'X-UploadToken': upload.uploadToken!,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe('file too big (limit is set to 1.0 kB)\n');
    expect(await ferry.storedFiles()).toEqual(before);
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as { files: FileJson[] };
    expect(shown.files.every((f) => f.status !== 'uploaded')).toBe(true);
    // A file at the limit still passes.
    expect((await addFile(ferry.url, upload, new Uint8Array(1000), 'exact.bin')).fileSize).toBe(1000);
  });

  it('enforces MaxFilePerUpload', async () => {
    const upload = await createUpload(ferry.url);
    for (const name of ['1', '2', '3']) await addFile(ferry.url, upload, name, `${name}.txt`);
    const response = await post(`/file/${upload.id}`, multipartFile('4', '4.txt'), { 'X-UploadToken': upload.uploadToken! });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('maximum number file per upload reached, limit is 3\n');
  });
});

describe('POST /file/:id/:fileId/:fileName', () => {
  it('fills a declared file, once', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'd.txt', reference: 'r' }] });
    const declared = upload.files[0]!;
    const url = `/file/${upload.id}/${declared.id}/d.txt`;
    const headers = { 'X-UploadToken': upload.uploadToken! };
    const response = await post(url, multipartFile('data', 'd.txt'), headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: declared.id, status: 'uploaded', fileSize: 4, reference: 'r' });
    const again = await post(url, multipartFile('data', 'd.txt'), headers);
    expect(again.status).toBe(400);
    expect(await again.text()).toBe('invalid file status uploaded, expected missing\n');
  });

  it('refuses a name that does not match the declared one', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'd.txt' }] });
    const declared = upload.files[0]!;
    const headers = { 'X-UploadToken': upload.uploadToken! };
    const response = await post(`/file/${upload.id}/${declared.id}/d.txt`, multipartFile('data', 'other.txt'), headers);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('invalid file name\n');
    const unknown = await post(`/file/${upload.id}/BBBBBBBBBBBBBBBB/d.txt`, multipartFile('data', 'd.txt'), headers);
    expect(unknown.status).toBe(404);
  });
});

describe('DELETE /file/:id/:fileId/:fileName', () => {
  it('removes a file of a removable upload and frees its data', async () => {
    const upload = await createUpload(ferry.url, { removable: true });
    const file = await addFile(ferry.url, upload, 'bye', 'bye.txt');
    const stored = (await ferry.storedFiles()).length;
    const response = await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect((await ferry.storedFiles()).length).toBe(stored - 1);
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as { files: FileJson[] };
    expect(shown.files[0]?.status).toBe('deleted');
  });

  it('refuses to remove from an upload that is not removable, unless the token is given', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, 'stay', 'stay.txt');
    const refused = await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('you are not allowed to remove files from this upload\n');
    const allowed = await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    expect(allowed.status).toBe(200);
  });
});
