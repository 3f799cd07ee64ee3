// What SQLite, PostgreSQL and MySQL would each do their own way unless the store and the schema make them agree:
// case-sensitive ids and secrets, matched-row counts of conditional updates, the row lock of insertFile, leases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backends.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, multipartFile } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', MaxFilePerUpload: 3 });
});
afterAll(() => ferry.close());

const swapCase = (text: string) => text.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

describe(`the ${BACKEND} store`, () => {
  it('tells ids apart by case: an upload id with its case swapped finds nothing', async () => {
    const upload = await createUpload(ferry.url);
    expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(200);
    expect((await fetch(`${ferry.url}/upload/${swapCase(upload.id)}`)).status).toBe(404);
    expect(await ferry.metadata.findLiveUpload(swapCase(upload.id), Date.now())).toBeUndefined();
  });

  it('tells user tokens apart by case: the token in capitals is refused', async () => {
    const user = await ferry.services.users.create({ provider: 'local', login: 'case-carol', password: 'carol-password' });
    const { value: token } = await ferry.services.tokens.create(user);
    expect(token).toMatch(/[a-f]/);
    expect((await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': token } })).status).toBe(200);
    expect((await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': token.toUpperCase() } })).status).toBe(403);
  });

  it('keeps file names exactly, case and characters outside the BMP included', async () => {
    const upload = await createUpload(ferry.url);
    await addFile(ferry.url, upload, 'lower', 'read me 📦.txt');
    await addFile(ferry.url, upload, 'upper', 'READ ME 📦.txt');
    const files = (await ferry.metadata.listFiles(upload.id)).map((f) => f.name).sort();
    expect(files).toEqual(['READ ME 📦.txt', 'read me 📦.txt']);
  });

  it('counts a conditional update by the rows it matched, also when nothing in them changes', async () => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, 'x', 'x.txt');
    expect(await ferry.metadata.transitionFile(file.id, ['uploaded'], 'uploaded')).toBe(true);
    expect(await ferry.metadata.transitionFile(file.id, ['missing'], 'uploaded')).toBe(false);
  });

  it('hands back BIGINT columns as numbers', async () => {
    const upload = await createUpload(ferry.url, { ttl: 3600 });
    const stored = await ferry.metadata.findLiveUpload(upload.id, Date.now());
    expect(typeof stored!.createdAt).toBe('number');
    expect(stored!.expireAt! - stored!.createdAt).toBe(3600_000);
  });

  it('adds no more than MaxFilePerUpload files when many adds race', async () => {
    const upload = await createUpload(ferry.url);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${ferry.url}/file/${upload.id}`, {
          method: 'POST',
          headers: { 'X-UploadToken': upload.uploadToken! },
          body: multipartFile(`${i}`, `${i}.txt`),
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(await ferry.metadata.listFiles(upload.id)).toHaveLength(3);
  });

  describe('leases', () => {
    const now = Date.now();

    it('go to exactly one of many holders asking at once', async () => {
      const taken = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ferry.metadata.takeLease('race', `holder ${i}`, now, now + 60_000)),
      );
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it('are renewed by their holder, refused to others until they expire, then taken over', async () => {
      expect(await ferry.metadata.takeLease('job', 'first', now, now + 1000)).toBe(true);
      expect(await ferry.metadata.takeLease('job', 'first', now, now + 1000)).toBe(true);
      expect(await ferry.metadata.takeLease('job', 'second', now + 999, now + 2000)).toBe(false);
      expect(await ferry.metadata.takeLease('job', 'second', now + 1000, now + 2000)).toBe(true);
      expect(await ferry.metadata.takeLease('job', 'first', now + 1500, now + 3000)).toBe(false);
    });

    it('are given up only by their holder', async () => {
      expect(await ferry.metadata.takeLease('held', 'owner', now, now + 60_000)).toBe(true);
      await ferry.metadata.releaseLease('held', 'someone else');
      expect(await ferry.metadata.takeLease('held', 'someone else', now, now + 60_000)).toBe(false);
      await ferry.metadata.releaseLease('held', 'owner');
      expect(await ferry.metadata.takeLease('held', 'someone else', now, now + 60_000)).toBe(true);
    });
  });
});
