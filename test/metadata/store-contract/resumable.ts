// Resumable file records: where a file being built stands, and the claim that lets one request at a time write it,
// taken at the offset that request expects, kept by its holder alone, and run out when its holder died.
import { describe, expect, it } from 'vitest';
import type { ResumableFile } from '../../../src/metadata/records/resumable.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { anUpload, created, T0, trues, type ContractContext } from './context.js';

export const RESUMABLE_METHODS = [
  'insertResumableFile',
  'findResumableFile',
  'resumableOffsets',
  'claimResumableFile',
  'advanceResumableFile',
  'renewResumableClaim',
  'releaseResumableClaim',
  'deleteResumableFile',
  'staleResumableFiles',
] as const;

/** An uploading file of a new upload, kept as being built at offset 0. */
async function aFileBeingBuilt(s: MetadataStore, overrides: Partial<ResumableFile> = {}): Promise<ResumableFile> {
  const { upload, files } = await created(s, anUpload(), [{ status: 'uploading' }]);
  const resumable: ResumableFile = {
    fileId: files[0]!.id,
    uploadId: upload.id,
    encryption: 'server',
    length: 100,
    offset: 0,
    storeState: { parts: [] },
    digestState: { md5: 'AAEC' },
    createdAt: T0,
    expiresAt: T0 + 60_000,
    ...overrides,
  };
  await s.insertResumableFile(resumable);
  return resumable;
}

const progress = (file: ResumableFile, offset: number) => ({
  offset,
  length: file.length,
  storeState: { parts: [offset] },
  digestState: { md5: `at ${offset}` },
  expiresAt: T0 + 120_000,
});

export function resumableContract(ctx: ContractContext): void {
  describe('resumable files', () => {
    it('are kept as inserted, found by file id, their offsets listed by upload', async () => {
      const s = ctx.store();
      const file = await aFileBeingBuilt(s, { length: null });
      expect(await s.findResumableFile(file.fileId)).toEqual(file);
      expect(await s.findResumableFile('nothere')).toBeUndefined();
      expect(await s.resumableOffsets(file.uploadId)).toEqual(new Map([[file.fileId, 0]]));
    });

    it('are claimed by exactly one of many requests at the same offset at once, never at another offset', async () => {
      const s = ctx.store();
      const file = await aFileBeingBuilt(s);
      expect(await s.claimResumableFile(file.fileId, 10, 'wrong offset', T0, T0 + 1000)).toBe(false);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.claimResumableFile(file.fileId, 0, `request ${i}`, T0, T0 + 1000)),
      );
      expect(trues(claims)).toBe(1);
    });

    it('record progress and renew only for their holder; a claim run out is taken over at the new offset', async () => {
      const s = ctx.store();
      const file = await aFileBeingBuilt(s);
      expect(await s.claimResumableFile(file.fileId, 0, 'first', T0, T0 + 1000)).toBe(true);
      expect(await s.advanceResumableFile(file.fileId, 'another', progress(file, 50), T0 + 2000)).toBe(false);
      expect(await s.renewResumableClaim(file.fileId, 'another', T0 + 2000)).toBe(false);
      expect(await s.advanceResumableFile(file.fileId, 'first', progress(file, 40), T0 + 2000)).toBe(true);
      expect(await s.findResumableFile(file.fileId)).toEqual({ ...file, ...progress(file, 40) });
      expect(await s.renewResumableClaim(file.fileId, 'first', T0 + 3000)).toBe(true);
      // Renewed: still the first's at 2999; then its process is taken for dead.
      expect(await s.claimResumableFile(file.fileId, 40, 'second', T0 + 2999, T0 + 5000)).toBe(false);
      expect(await s.claimResumableFile(file.fileId, 40, 'second', T0 + 3000, T0 + 5000)).toBe(true);
      expect(await s.advanceResumableFile(file.fileId, 'first', progress(file, 60), T0 + 6000)).toBe(false);
      expect((await s.findResumableFile(file.fileId))?.offset).toBe(40);
    });

    it('are given up by their holder only, then claimed by the next', async () => {
      const s = ctx.store();
      const file = await aFileBeingBuilt(s);
      expect(await s.claimResumableFile(file.fileId, 0, 'first', T0, T0 + 1000)).toBe(true);
      await s.releaseResumableClaim(file.fileId, 'another');
      expect(await s.claimResumableFile(file.fileId, 0, 'second', T0, T0 + 1000)).toBe(false);
      await s.releaseResumableClaim(file.fileId, 'first');
      expect(await s.claimResumableFile(file.fileId, 0, 'second', T0, T0 + 1000)).toBe(true);
    });

    it('are forgotten unless another holds a live claim, and by one of many at once', async () => {
      const s = ctx.store();
      const file = await aFileBeingBuilt(s);
      expect(await s.claimResumableFile(file.fileId, 0, 'writer', T0, T0 + 1000)).toBe(true);
      expect(await s.deleteResumableFile(file.fileId, T0 + 999)).toBe(false);
      expect(await s.deleteResumableFile(file.fileId, T0, 'someone')).toBe(false);
      expect(await s.deleteResumableFile(file.fileId, T0, 'writer')).toBe(true);
      expect(await s.findResumableFile(file.fileId)).toBeUndefined();
      expect(await s.deleteResumableFile(file.fileId, T0, 'writer')).toBe(false);

      const other = await aFileBeingBuilt(s);
      const deletions = await Promise.all(Array.from({ length: 10 }, () => s.deleteResumableFile(other.fileId, T0)));
      expect(trues(deletions)).toBe(1);
    });

    it('are stale once abandoned or once their file is no longer uploading, up to the limit', async () => {
      const s = await ctx.fresh();
      const live = await aFileBeingBuilt(s, { expiresAt: T0 + 1 });
      const abandoned = await aFileBeingBuilt(s, { expiresAt: T0 });
      const removed = await aFileBeingBuilt(s, { expiresAt: T0 + 1 });
      await s.transitionFile(removed.fileId, ['uploading'], 'removed');
      const purged = await aFileBeingBuilt(s, { expiresAt: T0 + 1 });
      await s.deleteUploadRows(purged.uploadId);
      const stale = (await s.staleResumableFiles(T0, 100)).map((f) => f.fileId).sort();
      expect(stale).toEqual([abandoned.fileId, removed.fileId, purged.fileId].sort());
      expect(stale).not.toContain(live.fileId);
      expect(await s.staleResumableFiles(T0, 1)).toHaveLength(1);
    });

    it('stay through the reset of what a dead single instance left, their files uploading, their claims let go', async () => {
      const s = await ctx.fresh();
      const file = await aFileBeingBuilt(s);
      expect(await s.claimResumableFile(file.fileId, 0, 'dead', T0, Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(await s.resetInterrupted()).toEqual({ uploads: 0, downloads: 0, reservations: 0 });
      expect((await s.findFileById(file.fileId))?.status).toBe('uploading');
      expect(await s.claimResumableFile(file.fileId, 0, 'next', T0, T0 + 1000)).toBe(true);
    });
  });
}
