// DownloadOffload = "s3-presigned" against the suite's S3 server: a checked and counted download answers 302 to a
// presigned GET that gives the bytes with Ferry's type and disposition; what Ferry refuses gets no redirect.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { addFile, basicAuth, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';

let storage: TestStorage;
let ferry: TestFerry;
/** The same bucket and database, redirecting files limited to one download too. */
let oneTime: TestFerry;
beforeAll(async () => {
  storage = await createTestStorage({ data: 's3' });
  const options = { DownloadOffload: 's3-presigned', DownloadOffloadTTL: 30, EncryptionKey: randomBytes(32).toString('base64') };
  ferry = await startTestFerry(options, { storage });
  oneTime = await startTestFerry({ ...options, DownloadOffloadOneTime: true }, { storage });
});
afterAll(async () => {
  await oneTime?.close();
  await ferry?.close();
  await storage?.release();
});

const manual = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: 'manual', headers });
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());
const completed = async (upload: UploadJson, file: FileJson) => (await ferry.metadata.findFile(upload.id, file.id))?.downloadsCompleted;

describe('DownloadOffload = "s3-presigned"', () => {
  it('redirects to a short-lived presigned GET that gives the bytes with the type and disposition Ferry chose, counted', async () => {
    const content = randomBytes(1024 * 1024 + 3);
    const upload = await createUpload(ferry.url, { maxDownloads: 3 });
    const file = await addFile(ferry.url, upload, content, 'photo été.png', 'image/png');
    const redirect = await manual(`${fileUrl(ferry.url, upload, file)}?dl=1`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    expect(redirect.headers.get('content-disposition')).toBeNull();
    const location = new URL(redirect.headers.get('location')!);
    expect(location.pathname).toBe(`/${ferry.storage.bucket!.bucket}/files/${upload.id.slice(0, 2)}/${upload.id}/${file.id}`);
    // fauxqs checks no signature and applies no response-* override, which S3 does: the signed query is checked here.
    expect(location.searchParams.get('X-Amz-Expires')).toBe('30');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('response-content-type')).toBe('image/png');
    expect(location.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="photo ??t??.png"; filename*=UTF-8''photo%20%C3%A9t%C3%A9.png`,
    );
    expect(location.searchParams.get('response-cache-control')).toBe('no-cache, no-store, must-revalidate');
    await expect.poll(() => completed(upload, file)).toBe(1);

    const fetched = await fetch(location);
    expect(fetched.status).toBe(200);
    expect((await bytesOf(fetched)).equals(content)).toBe(true);

    // A client that follows redirects gets the bytes in one call; the count moves on.
    const followed = await fetch(fileUrl(ferry.url, upload, file));
    expect((await bytesOf(followed)).equals(content)).toBe(true);
    await expect.poll(() => completed(upload, file)).toBe(2);
  });

  it('lets S3 answer a Range of a file without a limit', async () => {
    const content = randomBytes(100_000);
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, content, 'clip.mp4', 'video/mp4');
    const partial = await fetch(fileUrl(ferry.url, upload, file), { headers: { Range: 'bytes=10-19' } });
    expect(partial.status).toBe(206);
    expect((await bytesOf(partial)).equals(content.subarray(10, 20))).toBe(true);
  });

  it('refuses before any redirect: a wrong password, an exhausted limit, an expired upload', async () => {
    const locked = await createUpload(ferry.url, { login: 'foo', password: 'bar' });
    const lockedFile = await addFile(ferry.url, locked, 'secret', 's.txt');
    const wrong = await manual(fileUrl(ferry.url, locked, lockedFile), { Authorization: basicAuth('foo', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('location')).toBeNull();
    expect((await manual(fileUrl(ferry.url, locked, lockedFile), { Authorization: basicAuth('foo', 'bar') })).status).toBe(302);

    const limited = await createUpload(ferry.url, { maxDownloads: 2 });
    const limitedFile = await addFile(ferry.url, limited, 'twice', 't.txt');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await manual(fileUrl(ferry.url, limited, limitedFile))).status);
    expect(statuses).toEqual([302, 302, 404]);
    expect(await completed(limited, limitedFile)).toBe(2);

    const shortLived = await createUpload(ferry.url, { ttl: 1 });
    const shortFile = await addFile(ferry.url, shortLived, 'soon gone', 'x.txt');
    await expect.poll(async () => (await manual(fileUrl(ferry.url, shortLived, shortFile))).status, { timeout: 3000 }).toBe(404);
  });

  it('leaves the last allowed download its object until the sweep, then frees it', async () => {
    const upload = await createUpload(ferry.url, { maxDownloads: 2 });
    const file = await addFile(ferry.url, upload, 'last one', 'l.txt');
    await fetch(fileUrl(ferry.url, upload, file));
    const last = await manual(fileUrl(ferry.url, upload, file));
    await expect.poll(() => completed(upload, file)).toBe(2);
    expect(await (await fetch(last.headers.get('location')!)).text()).toBe('last one');
    await ferry.cleanup.run();
    expect((await ferry.storedFiles()).filter((key) => key.includes(upload.id))).toEqual([]);
  });

  it('sends encrypted files and, unless told, files limited to one download itself', async () => {
    const encrypted = await createUpload(ferry.url, { encryption: 'server' });
    const encryptedFile = await addFile(ferry.url, encrypted, 'sealed', 'e.txt');
    const decrypted = await manual(fileUrl(ferry.url, encrypted, encryptedFile));
    expect(decrypted.status).toBe(200);
    expect(await decrypted.text()).toBe('sealed');

    const once = await createUpload(ferry.url, { oneShot: true });
    const onceFile = await addFile(ferry.url, once, 'only once', 'o.txt');
    const direct = await manual(fileUrl(ferry.url, once, onceFile));
    expect(direct.status).toBe(200);
    expect(await direct.text()).toBe('only once');

    // Told to, it redirects a oneShot file once, of eight racing requests.
    const told = await createUpload(oneTime.url, { oneShot: true });
    const toldFile = await addFile(oneTime.url, told, 'only once', 'o.txt');
    const racing = await Promise.all(Array.from({ length: 8 }, () => manual(fileUrl(oneTime.url, told, toldFile))));
    expect(racing.map((r) => r.status).sort()).toEqual([302, 404, 404, 404, 404, 404, 404, 404]);
    const redirected = racing.find((r) => r.status === 302)!;
    expect(await (await fetch(redirected.headers.get('location')!)).text()).toBe('only once');
    expect((await manual(fileUrl(oneTime.url, told, toldFile))).status).toBe(404);
  });
});
