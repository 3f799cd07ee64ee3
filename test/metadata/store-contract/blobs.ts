// Blob records (deduplication): a file completed with a content hash references the blob of that content, made of
// its own bytes when there is none; taking files out drops references once each, the last leaving a dead blob whose
// bytes are to go. Also every key holding bytes, for moving them to another data store.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UploadFile } from '../../../src/model/model.js';
import type { StoredData } from '../../../src/metadata/records/blobs.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { anUpload, created, type ContractContext } from './context.js';

export const BLOB_METHODS = ['releaseFile', 'findBlob', 'deadBlobs', 'deleteDeadBlob', 'storedData'] as const;

const done = { size: 5, md5: null, type: 'text/plain' };
const newHash = () => randomBytes(32).toString('hex');

/** `count` uploading files, each of an upload of its own. */
async function uploading(s: MetadataStore, count: number): Promise<UploadFile[]> {
  const files: UploadFile[] = [];
  for (let i = 0; i < count; i++) files.push(...(await created(s, anUpload(), [{ status: 'uploading' }])).files);
  return files;
}

const keyOf = (file: UploadFile) => ({ uploadId: file.uploadId, fileId: file.id });
const complete = (s: MetadataStore, file: UploadFile, hash: string) =>
  s.completeFile(keyOf(file), 'uploaded', done, { hash, size: done.size });

export function blobsContract(ctx: ContractContext): void {
  describe('blobs', () => {
    it("makes a new content's blob of the first file's bytes, and lets the next files share it", async () => {
      const s = ctx.store();
      const hash = newHash();
      const [first, second, third] = await uploading(s, 3);
      expect(await complete(s, first!, hash)).toEqual({ blobHash: hash, shared: false });
      expect(await s.findBlob(hash)).toEqual(keyOf(first!));
      expect(await complete(s, second!, hash)).toEqual({ blobHash: hash, shared: true });
      expect(await complete(s, third!, hash)).toEqual({ blobHash: hash, shared: true });
      expect(await s.findBlob(hash)).toEqual(keyOf(first!));
      expect((await s.findFileById(second!.id))?.blobHash).toBe(hash);
      expect(await s.findBlob(newHash())).toBeUndefined();
    });

    it('makes one blob of a new content that many files complete at once', async () => {
      const s = ctx.store();
      const hash = newHash();
      const files = await uploading(s, 8);
      const completions = await Promise.all(files.map((file) => complete(s, file, hash)));
      expect(completions.every((c) => c?.blobHash === hash)).toBe(true);
      expect(completions.filter((c) => !c?.shared)).toHaveLength(1);
      const owner = files[completions.findIndex((c) => !c?.shared)]!;
      expect(await s.findBlob(hash)).toEqual(keyOf(owner));
      // Each completion took one reference: only the last release finds the blob dead.
      const releases = [];
      for (const file of files) releases.push(await s.releaseFile(file.id, ['uploaded']));
      expect(releases.map((r) => r?.deadBlob !== undefined)).toEqual([...files.map(() => false).slice(1), true]);
    });

    it('releases a file once: moved to deleted from the statuses named, the winner alone told what to free', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'uploaded' }, { status: 'missing' }]);
      expect(await s.releaseFile(files[1]!.id, ['uploaded', 'removed'])).toBeUndefined();
      expect((await s.findFile(upload.id, files[1]!.id))?.status).toBe('missing');
      const released = await Promise.all(Array.from({ length: 10 }, () => s.releaseFile(files[0]!.id, ['uploaded', 'removed'])));
      expect(released.filter((r) => r !== undefined)).toEqual([{ blobHash: null }]);
      expect((await s.findFile(upload.id, files[0]!.id))?.status).toBe('deleted');
    });

    it('drops one reference per file released, racing or not; the last names the dead blob, which stays listed', async () => {
      const s = ctx.store();
      const hash = newHash();
      const [owner, sharer] = await uploading(s, 2);
      await complete(s, owner!, hash);
      await complete(s, sharer!, hash);
      // The owner goes first: the blob keeps its bytes (they are the sharer's now too).
      const first = await Promise.all(Array.from({ length: 5 }, () => s.releaseFile(owner!.id, ['uploaded'])));
      expect(first.filter((r) => r !== undefined)).toEqual([{ blobHash: hash, deadBlob: undefined }]);
      expect(await s.findBlob(hash)).toEqual(keyOf(owner!));
      const dead = { hash, ...keyOf(owner!) };
      const last = await Promise.all(Array.from({ length: 5 }, () => s.releaseFile(sharer!.id, ['uploaded'])));
      expect(last.filter((r) => r !== undefined)).toEqual([{ blobHash: hash, deadBlob: dead }]);
      expect(await s.deadBlobs(1000)).toContainEqual(dead);
    });

    it("keeps a file's bytes its own while a dead blob still holds its content's hash, and shares again once it is forgotten", async () => {
      const s = ctx.store();
      const hash = newHash();
      const [owner, late, later] = await uploading(s, 3);
      await complete(s, owner!, hash);
      const dead = (await s.releaseFile(owner!.id, ['uploaded']))!.deadBlob!;
      expect(await complete(s, late!, hash)).toEqual({ blobHash: null, shared: false });
      expect((await s.findFileById(late!.id))?.blobHash).toBeNull();
      await s.deleteDeadBlob(dead);
      expect(await s.deadBlobs(1000)).not.toContainEqual(dead);
      expect(await s.findBlob(hash)).toBeUndefined();
      expect(await complete(s, later!, hash)).toEqual({ blobHash: hash, shared: false });
      expect(await s.findBlob(hash)).toEqual(keyOf(later!));
    });

    it('never lets a file share a blob whose last reference goes at the same moment', async () => {
      const s = ctx.store();
      const races = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const hash = newHash();
          const [owner, late] = await uploading(s, 2);
          await complete(s, owner!, hash);
          const [completion, release] = await Promise.all([complete(s, late!, hash), s.releaseFile(owner!.id, ['uploaded'])]);
          return { hash, completion, release };
        }),
      );
      for (const { hash, completion, release } of races) {
        // Either the late file came first and keeps the blob alive, or the blob died and the file kept its own bytes.
        if (completion?.shared) expect(release?.deadBlob).toBeUndefined();
        else expect({ completion, dead: release?.deadBlob?.hash }).toEqual({ completion: { blobHash: null, shared: false }, dead: hash });
      }
    });

    it('forgets only a dead blob, and only the one named with its key', async () => {
      const s = ctx.store();
      const hash = newHash();
      const [owner, sharer] = await uploading(s, 2);
      await complete(s, owner!, hash);
      await s.deleteDeadBlob({ hash, ...keyOf(owner!) });
      expect(await s.findBlob(hash)).toEqual(keyOf(owner!));
      await complete(s, sharer!, hash);
      await s.releaseFile(owner!.id, ['uploaded']);
      const dead = (await s.releaseFile(sharer!.id, ['uploaded']))!.deadBlob!;
      await s.deleteDeadBlob({ ...dead, fileId: sharer!.id });
      expect(await s.deadBlobs(1000)).toContainEqual(dead);
      await s.deleteDeadBlob(dead);
      expect(await s.deadBlobs(1000)).not.toContainEqual(dead);
    });

    it('lists dead blobs up to the limit', async () => {
      const s = ctx.store();
      const files = await uploading(s, 3);
      const dead = [];
      for (const file of files) {
        const hash = newHash();
        await complete(s, file, hash);
        dead.push((await s.releaseFile(file.id, ['uploaded']))!.deadBlob);
      }
      const listed = await s.deadBlobs(10_000);
      for (const blob of dead) expect(listed).toContainEqual(blob);
      expect(await s.deadBlobs(2)).toHaveLength(2);
    });

    it('names every key holding bytes once: uploaded files of their own bytes, then live blobs, page by page', async () => {
      const s = await ctx.fresh();
      const own = await created(s, anUpload(), [
        { status: 'uploaded', size: 1 },
        { status: 'uploaded', size: 2 },
        { status: 'uploaded', size: 3 },
        // Holding no bytes (yet, or any more): not listed.
        { status: 'missing' },
        { status: 'uploading', size: 9 },
        { status: 'removed', size: 9 },
        { status: 'deleted', size: 9 },
      ]);
      const [a, b, c, d] = await uploading(s, 4);
      const shared = newHash();
      await complete(s, a!, shared);
      await complete(s, b!, shared);
      await complete(s, c!, newHash());
      // A dead blob's bytes are to go, not to move.
      await complete(s, d!, newHash());
      await s.releaseFile(d!.id, ['uploaded']);

      const listed: StoredData[] = [];
      for await (const stored of s.storedData(2)) listed.push(stored);
      const files = own.files.slice(0, 3).map((f) => ({ uploadId: f.uploadId, fileId: f.id, size: f.size }));
      const byKey = (x: StoredData, y: StoredData) => x.fileId.localeCompare(y.fileId);
      expect(listed.slice(0, 3).sort(byKey)).toEqual(files.sort(byKey));
      expect(listed.slice(3).sort(byKey)).toEqual([a!, c!].map((f) => ({ ...keyOf(f), size: done.size })).sort(byKey));
      const everything: StoredData[] = [];
      for await (const stored of s.storedData()) everything.push(stored);
      expect(everything).toHaveLength(5);
    });
  });
}
