// Two Ferry instances on one metadata store and one data folder, as behind a load balancer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backends.js';
import { createTestStorage, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile } from '../helpers/plik-client.js';

// Two instances in one process on one SQLite file would block each other's event loop on SQLite's write lock;
// several instances means a database server.
describe.skipIf(BACKEND === 'sqlite')(`two instances on one ${BACKEND} store`, () => {
  let a: TestFerry;
  let b: TestFerry;
  beforeAll(async () => {
    a = await startTestFerry();
    b = await startTestFerry({}, { alongside: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('serves on one instance what was uploaded through the other', async () => {
    const upload = await createUpload(a.url, { comments: 'made on a' });
    const file = await addFile(a.url, upload, 'shared bytes', 'shared.txt');
    const info = await fetch(`${b.url}/upload/${upload.id}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ id: upload.id, comments: 'made on a', files: [{ id: file.id, status: 'uploaded' }] });
    const download = await fetch(fileUrl(b.url, upload, file));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('shared bytes');
  });

  it('lets exactly one of many parallel downloads through a oneShot file, whichever instance they reach', async () => {
    const upload = await createUpload(a.url, { oneShot: true });
    const file = await addFile(b.url, upload, 'only once', 'once.txt');
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(fileUrl(i % 2 ? a.url : b.url, upload, file))));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 404)).toHaveLength(29);
    expect(bodies.filter((body) => body === 'only once')).toHaveLength(1);
    await expect.poll(async () => (await a.storedFiles()).some((f) => f.includes(upload.id))).toBe(false);
  });

  it('answers 404 for a stream-mode download that reaches the instance not holding the uploader', async () => {
    const upload = await createUpload(a.url, { stream: true, files: [{ fileName: 's.txt', fileSize: 9 }] });
    const declared = upload.files[0]!;
    const uploading = fetch(fileUrl(a.url, upload, declared, 'stream'), {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile('streamed!', 's.txt'),
    });
    await expect.poll(async () => (await fetch(`${b.url}/upload/${upload.id}`).then((r) => r.json())).files[0].status).toBe('uploading');

    const elsewhere = await fetch(fileUrl(b.url, upload, declared, 'stream'));
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).toMatch(/not being streamed/);

    const here = await fetch(fileUrl(a.url, upload, declared, 'stream'));
    expect(await here.text()).toBe('streamed!');
    expect((await uploading).status).toBe(200);
  });
});

describe.skipIf(BACKEND === 'sqlite')(`cleanup by two instances on one ${BACKEND} store`, () => {
  const later = () => Date.now() + 365 * 86400_000;

  async function pairWithExpiredUploads(count: number) {
    const storage = await createTestStorage();
    const a = await startTestFerry({}, { storage });
    const b = await startTestFerry({}, { storage });
    await storage.release();
    for (let i = 0; i < count; i++) {
      const via = i % 2 ? a : b;
      await addFile(via.url, await createUpload(via.url, { ttl: 60 }), `expiring ${i}`, `f${i}.txt`);
    }
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }

  it('sweeps once when both instances sweep at the same time, each upload freed by one of them', async () => {
    const { a, b, close } = await pairWithExpiredUploads(12);
    try {
      const now = later();
      const reports = await Promise.all([a.cleanup.run(now), b.cleanup.run(now), a.cleanup.run(now), b.cleanup.run(now)]);
      expect(reports.reduce((sum, r) => sum + r.uploads, 0)).toBe(12);
      expect(await a.storedFiles()).toEqual([]);
      expect(await a.metadata.uploadsToPurge(now, 100)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('skips the sweep while another holder has the lease, and sweeps once it is given up', async () => {
    const { a, b, close } = await pairWithExpiredUploads(2);
    try {
      const now = Date.now();
      expect(await b.metadata.takeLease('cleanup', 'another instance', now, now + 60_000)).toBe(true);
      expect(await a.cleanup.run(later())).toEqual({ uploads: 0, files: 0, skipped: true });
      expect(await a.storedFiles()).toHaveLength(2);

      await b.metadata.releaseLease('cleanup', 'another instance');
      expect(await a.cleanup.run(later())).toEqual({ uploads: 2, files: 0, skipped: false });
      expect(await a.storedFiles()).toEqual([]);
    } finally {
      await close();
    }
  });
});
