// The purge queue of the cleanup job: uploads deleted or past their expiry, files marked removed, and rows let go
// once their data is gone. Also what a server that died left half-done, undone at the next start.
import { describe, expect, it } from 'vitest';
import { anUpload, created, T0, type ContractContext } from './context.js';

export const PURGE_METHODS = ['uploadsToPurge', 'deleteUploadRows', 'filesToPurge', 'resetInterrupted'] as const;

export function purgeContract(ctx: ContractContext): void {
  describe('purge queue', () => {
    it('lists uploads deleted (whatever their expiry) or expired at `now`, up to the limit, and no live one', async () => {
      const s = ctx.store();
      const { upload: deleted } = await created(s, anUpload({ expireAt: T0 + 10 ** 9 }));
      await s.markUploadDeleted(deleted.id, T0);
      const { upload: expired } = await created(s, anUpload({ expireAt: T0 }));
      const { upload: later } = await created(s, anUpload({ expireAt: T0 + 1 }));
      const { upload: never } = await created(s, anUpload());
      const listed = new Map((await s.uploadsToPurge(T0, 10_000)).map((c) => [c.id, c.deleted]));
      expect([deleted, expired, later, never].map((u) => listed.get(u.id))).toEqual([true, false, undefined, undefined]);
      expect(await s.uploadsToPurge(T0, 1)).toHaveLength(1);
    });

    it("lets an upload's rows go, its files with it, and nothing else", async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'removed' }, { status: 'deleted' }]);
      const { upload: other, files: others } = await created(s, anUpload(), [{}]);
      await s.deleteUploadRows(upload.id);
      expect(await s.findLiveUpload(upload.id, T0)).toBeUndefined();
      expect(await s.listFiles(upload.id)).toEqual([]);
      for (const file of files) expect(await s.findFileById(file.id)).toBeUndefined();
      expect(await s.findLiveUpload(other.id, T0)).toBeDefined();
      expect(await s.listFiles(other.id)).toEqual(others);
    });

    it('lists the files marked removed, up to the limit', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [
        { status: 'removed' },
        { status: 'removed' },
        { status: 'deleted' },
        { status: 'uploaded' },
      ]);
      const listed = (await s.filesToPurge(10_000)).filter((ref) => ref.uploadId === upload.id).map((ref) => ref.fileId);
      expect(listed.sort()).toEqual(
        files
          .slice(0, 2)
          .map((f) => f.id)
          .sort(),
      );
      expect(await s.filesToPurge(1)).toHaveLength(1);
    });

    it('puts files left uploading back to missing and gives back download slots never settled, saying how many', async () => {
      const s = await ctx.fresh();
      const { files } = await created(s, anUpload(), [
        { status: 'uploading', size: 70 },
        { status: 'uploading', size: 0 },
        { status: 'uploaded', size: 5, downloadLimit: 3, downloadsReserved: 3, downloadsCompleted: 1 },
        { status: 'uploaded', size: 5, downloadLimit: 3, downloadsReserved: 1, downloadsCompleted: 1 },
      ]);
      expect(await s.resetInterrupted()).toEqual({ uploads: 2, downloads: 1, reservations: 0 });
      const after = await Promise.all(files.map((f) => s.findFileById(f.id)));
      expect(after.map((f) => [f?.status, f?.size, f?.downloadsReserved])).toEqual([
        ['missing', 0, 0],
        ['missing', 0, 0],
        ['uploaded', 5, 1],
        ['uploaded', 5, 1],
      ]);
      expect(await s.resetInterrupted()).toEqual({ uploads: 0, downloads: 0, reservations: 0 });
    });
  });
}
