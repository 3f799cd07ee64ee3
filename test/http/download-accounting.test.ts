// Plik 1.4's download accounting: downloadCount and lastDownloadedAt on uploads and files, downloadedBytes on
// uploads (Range responses included), shown to the upload's admin alone and counted in the database, so that two
// instances serving one upload at once add up exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type UploadJson } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';

let ferry: TestFerry;
let aliceToken: string;
let aliceOtherToken: string;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const { users, tokens } = ferry.services;
  const alice = await users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
  await users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password' });
  aliceToken = (await tokens.create(alice, 'script')).value;
  aliceOtherToken = (await tokens.create(alice, 'other')).value;
});
afterAll(() => ferry?.close());

interface Accounted {
  downloadCount: number;
  downloadedBytes: number;
  lastDownloadedAt?: string;
  files: Array<{ fileName: string; downloadCount: number; lastDownloadedAt?: string }>;
}

async function seenBy(upload: UploadJson, headers: Record<string, string>): Promise<Accounted> {
  const response = await fetch(`${ferry.url}/upload/${upload.id}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Accounted;
}

describe('download accounting', () => {
  it("counts whole downloads, zips and Range bytes, and shows them to the upload's admin only", async () => {
    const upload = await createUpload(ferry.url, {}, { 'X-PlikToken': aliceToken });
    const a = await addFile(ferry.url, upload, 'a'.repeat(1000), 'a.txt');
    await addFile(ferry.url, upload, 'b'.repeat(500), 'b.txt');
    for (let n = 0; n < 2; n++) expect((await (await fetch(fileUrl(ferry.url, upload, a))).text()).length).toBe(1000);
    const range = await fetch(fileUrl(ferry.url, upload, a), { headers: { Range: 'bytes=100-109' } });
    expect([range.status, (await range.text()).length]).toEqual([206, 10]);
    expect((await fetch(`${ferry.url}/archive/${upload.id}/all.zip`).then((r) => r.arrayBuffer())).byteLength).toBeGreaterThan(0);

    const owner = { 'X-PlikToken': aliceToken };
    // Counted as each response ends, just after its last byte reached the client.
    await expect.poll(async () => (await seenBy(upload, owner)).downloadCount).toBe(4);
    const counted = await seenBy(upload, owner);
    expect(counted).toMatchObject({ downloadCount: 4, downloadedBytes: 2 * 1000 + 10 + 1000 + 500 });
    expect(Date.parse(counted.lastDownloadedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(counted.files.map((file) => [file.fileName, file.downloadCount, typeof file.lastDownloadedAt])).toEqual([
      ['a.txt', 3, 'string'],
      ['b.txt', 1, 'string'],
    ]);

    const asAdmin = [
      { 'X-UploadToken': upload.uploadToken! },
      (await signIn(ferry.url, 'alice', 'alice-password')).read,
      (await signIn(ferry.url, 'admin', 'admin-password')).read,
    ];
    for (const headers of asAdmin) expect(await seenBy(upload, headers)).toMatchObject({ downloadCount: 4, downloadedBytes: 3510 });
    // Anyone else, the owner's other token included (a token sees only what it made), gets zeros and no dates.
    const others = [{}, { 'X-PlikToken': aliceOtherToken }, (await signIn(ferry.url, 'bobby', 'bobby-password')).read];
    for (const headers of others) {
      const seen = await seenBy(upload, headers);
      expect(seen).toMatchObject({ downloadCount: 0, downloadedBytes: 0 });
      expect(seen.lastDownloadedAt).toBeUndefined();
      expect(seen.files.map((file) => [file.downloadCount, file.lastDownloadedAt])).toEqual([
        [0, undefined],
        [0, undefined],
      ]);
    }
  });

  it('adds up the downloads two instances serve at once', async () => {
    const second = await startTestFerry({ FeatureAuthentication: 'enabled' }, { alongside: ferry });
    try {
      const upload = await createUpload(ferry.url);
      const file = await addFile(ferry.url, upload, 'c'.repeat(2000), 'c.txt');
      await Promise.all(
        Array.from({ length: 20 }, async (_, n) => (await fetch(fileUrl(n % 2 ? ferry.url : second.url, upload, file))).arrayBuffer()),
      );
      const admin = { 'X-UploadToken': upload.uploadToken! };
      await expect.poll(async () => (await seenBy(upload, admin)).downloadCount).toBe(20);
      expect(await seenBy(upload, admin)).toMatchObject({ downloadCount: 20, downloadedBytes: 40_000, files: [{ downloadCount: 20 }] });
    } finally {
      await second.close();
    }
  });
});
