import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

/** Sends the start of a multipart upload, then cuts the connection. */
function abortedUpload(upload: UploadJson, fileId: string, fileName: string): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(`${ferry.url}/file/${upload.id}/${fileId}/${fileName}`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken!, 'Content-Type': 'multipart/form-data; boundary=zz', 'Content-Length': 10_000_000 },
    });
    request.on('error', () => resolve());
    request.write(`--zz\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`);
    request.write(Buffer.alloc(256 * 1024, 1), () =>
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100),
    );
  });
}

describe('an upload cut off midway', () => {
  it('leaves no partial data, is never served, and can be sent again', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'cut.bin' }] });
    const declared = upload.files[0]!;
    await abortedUpload(upload, declared.id, 'cut.bin');
    const fileStatus = async () => ((await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson).files[0]?.status;
    await expect.poll(fileStatus).toBe('missing');
    expect(await ferry.storedFiles()).not.toContainEqual(expect.stringContaining(upload.id));
    expect((await fetch(`${ferry.url}/file/${upload.id}/${declared.id}/cut.bin`)).status).toBe(404);

    const form = new FormData();
    form.append('file', new Blob(['whole']), 'cut.bin');
    const retry = await fetch(`${ferry.url}/file/${upload.id}/${declared.id}/cut.bin`, {
      method: 'POST',
      body: form,
      headers: { 'X-UploadToken': upload.uploadToken! },
    });
    expect(retry.status).toBe(200);
    expect(await (await fetch(`${ferry.url}/file/${upload.id}/${declared.id}/cut.bin`)).text()).toBe('whole');
    // The server is still up and serving others.
    expect((await addFile(ferry.url, await createUpload(ferry.url), 'ok', 'ok.txt')).status).toBe('uploaded');
  });

  it('says the upload was cut off when the form ends before its file does, on every Node', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'short.bin' }] });
    const declared = upload.files[0]!;
    // The whole body arrives, but the form's closing boundary never does.
    const body = `--zz\r\nContent-Disposition: form-data; name="file"; filename="short.bin"\r\n\r\n${'x'.repeat(1000)}`;
    const answer = await fetch(`${ferry.url}/file/${upload.id}/${declared.id}/short.bin`, {
      method: 'POST',
      body,
      headers: { 'X-UploadToken': upload.uploadToken!, 'Content-Type': 'multipart/form-data; boundary=zz' },
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toBe('unable to read file data : the request ended before the file did (the upload was cut off)\n');
  });
});
