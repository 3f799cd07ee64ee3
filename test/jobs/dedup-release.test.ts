// Deduplicated bytes are freed once, by the last of their files to go: never again by a sweep that finds a
// file already gone (issue 12, data loss across users).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  // The sweep runs only when a test asks for it.
  ferry = await startTestFerry({ CleanupInterval: 3600, Deduplication: true });
});
afterAll(() => ferry.close());

const owner = (upload: UploadJson) => ({ 'X-UploadToken': upload.uploadToken! });
const download = async (upload: UploadJson, file: FileJson) => {
  const response = await fetch(fileUrl(ferry.url, upload, file));
  return { status: response.status, body: await response.text() };
};

describe('a deduplicated blob', () => {
  it('survives another user uploading the same bytes once-only, downloading them and deleting that upload', async () => {
    const content = `shared across users ${Math.random()}`;
    const first = await createUpload(ferry.url);
    const kept = await addFile(ferry.url, first, content, 'kept.txt');
    const other = await createUpload(ferry.url, { oneShot: true, removable: true });
    const once = await addFile(ferry.url, other, content, 'once.txt');
    expect(await download(other, once)).toEqual({ status: 200, body: content });
    expect((await fetch(`${ferry.url}/upload/${other.id}`, { method: 'DELETE', headers: owner(other) })).status).toBe(200);
    await ferry.cleanup.run();
    await ferry.cleanup.run();
    expect(await download(first, kept)).toEqual({ status: 200, body: content });
  });

  it('survives its file deleted from an upload that then is deleted or expires, while another upload holds it', async () => {
    for (const end of ['delete', 'expire'] as const) {
      const content = `shared within an upload ${end} ${Math.random()}`;
      const elsewhere = await createUpload(ferry.url);
      const kept = await addFile(ferry.url, elsewhere, content, 'kept.txt');
      const upload = await createUpload(ferry.url, { removable: true, ttl: 60 });
      const shared = await addFile(ferry.url, upload, content, 'shared.txt');
      await addFile(ferry.url, upload, `other bytes ${Math.random()}`, 'other.txt');
      expect((await fetch(fileUrl(ferry.url, upload, shared), { method: 'DELETE', headers: owner(upload) })).status).toBe(200);
      await ferry.cleanup.run();
      if (end === 'delete') {
        expect((await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: owner(upload) })).status).toBe(200);
        await ferry.cleanup.run();
      } else {
        await ferry.cleanup.run(Date.now() + 120_000);
      }
      expect(await download(elsewhere, kept), end).toEqual({ status: 200, body: content });
    }
  });

  it('goes from the data store with the last of its files, and not before', async () => {
    const content = `last one out ${Math.random()}`;
    // Sent in parallel: the first to complete makes the blob, the others join it.
    const uploads = await Promise.all([0, 1, 2, 3, 4, 5].map(() => createUpload(ferry.url, { removable: true })));
    const files = await Promise.all(uploads.map((u) => addFile(ferry.url, u, content, 'f.txt')));
    const copies = async () => (await ferry.storedFiles()).filter((f) => f.startsWith('files/')).length;
    const before = await copies();
    for (const [i, upload] of uploads.entries()) {
      expect((await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: owner(upload) })).status).toBe(200);
      await ferry.cleanup.run();
      for (const [j, later] of uploads.entries())
        if (j > i) expect(await download(later, files[j]!)).toEqual({ status: 200, body: content });
    }
    expect(await copies()).toBe(before - 1);
  });
});
