import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ CleanupInterval: 1 });
});
afterAll(() => ferry.close());

describe('expiry and cleanup', () => {
  it('answers 404 as soon as an upload expires, and the cleanup loop then frees its data', async () => {
    const upload = await createUpload(ferry.url, { ttl: 1 });
    const file = await addFile(ferry.url, upload, 'short-lived', 'x.txt');
    expect((await ferry.storedFiles()).some((f) => f.includes(upload.id))).toBe(true);
    await expect.poll(async () => (await fetch(fileUrl(ferry.url, upload, file))).status, { timeout: 3000 }).toBe(404);
    expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(404);
    await expect.poll(async () => (await ferry.storedFiles()).some((f) => f.includes(upload.id)), { timeout: 5000 }).toBe(false);
    await expect.poll(() => ferry.metadata.listFiles(upload.id), { timeout: 5000 }).toEqual([]);
  });

  it('frees the data of deleted uploads', async () => {
    const upload = await createUpload(ferry.url);
    await addFile(ferry.url, upload, 'to delete', 'x.txt');
    await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    const report = await ferry.cleanup.run();
    expect(report.uploads).toBeGreaterThanOrEqual(1);
    expect((await ferry.storedFiles()).some((f) => f.includes(upload.id))).toBe(false);
  });

  it('keeps uploads that never expire when MaxTTL allows it', async () => {
    const forever = await startTestFerry({ MaxTTL: -1 });
    try {
      const upload = await createUpload(forever.url, { ttl: -1 });
      expect(upload).toMatchObject({ ttl: -1, expireAt: null });
      await forever.cleanup.run(Date.now() + 1000 * 86400 * 3650);
      expect((await fetch(`${forever.url}/upload/${upload.id}`)).status).toBe(200);
    } finally {
      await forever.close();
    }
  });
});
