// File records: found by upload or by id alone, added within the upload's limit, moved between statuses only from
// the ones a caller names, completed once their bytes are written.
import { describe, expect, it } from 'vitest';
import { FILE_STATUSES, type FileStatus } from '../../../src/model/model.js';
import { aFile, anUpload, created, T0, trues, type ContractContext } from './context.js';

export const FILE_METHODS = ['listFiles', 'findFile', 'findFileById', 'insertFile', 'transitionFile', 'completeFile'] as const;

const LIVE: FileStatus[] = ['missing', 'uploading', 'uploaded'];
const done = { size: 11, md5: 'd41d8cd98f00b204e9800998ecf8427e', type: 'text/markdown' };

export function filesContract(ctx: ContractContext): void {
  describe('files', () => {
    it('lists the files of an upload oldest first, whatever their status, and none of an unknown upload', async () => {
      const s = ctx.store();
      const statuses = [...FILE_STATUSES].reverse();
      const { upload, files } = await created(
        s,
        anUpload(),
        statuses.map((status, i) => ({ status, createdAt: T0 + i })),
      );
      await created(s, anUpload(), [{}]);
      expect(await s.listFiles(upload.id)).toEqual(files);
      expect(await s.listFiles(anUpload().id)).toEqual([]);
    });

    it('finds a file within its upload only, and by its id alone whatever its status', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'deleted', name: 'gone.txt' }]);
      const [file] = files;
      expect(await s.findFile(upload.id, file!.id)).toEqual(file);
      expect(await s.findFile(anUpload().id, file!.id)).toBeUndefined();
      expect(await s.findFile(upload.id, aFile(upload).id)).toBeUndefined();
      expect(await s.findFileById(file!.id)).toEqual(file);
      expect(await s.findFileById(aFile(upload).id)).toBeUndefined();
    });

    it('adds a file while the upload holds fewer than maxFiles live ones; removed and deleted ones do not count', async () => {
      const s = ctx.store();
      const { upload } = await created(s, anUpload(), [{ status: 'removed' }, { status: 'deleted' }, { status: 'uploaded' }]);
      const second = aFile(upload, { name: 'second.txt' });
      expect(await s.insertFile(second, 2)).toBe(true);
      expect(await s.findFile(upload.id, second.id)).toEqual(second);
      const third = aFile(upload);
      expect(await s.insertFile(third, 2)).toBe(false);
      expect(await s.findFileById(third.id)).toBeUndefined();
    });

    it('never adds past maxFiles, however many adds race', async () => {
      const s = ctx.store();
      const { upload } = await created(s, anUpload());
      const added = await Promise.all(Array.from({ length: 20 }, () => s.insertFile(aFile(upload), 3)));
      expect(trues(added)).toBe(3);
      expect(await s.listFiles(upload.id)).toHaveLength(3);
    });

    it('moves a file only from the statuses named, with the changes given; false and nothing changed otherwise', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'missing' }]);
      const id = files[0]!.id;
      expect(await s.transitionFile(id, ['uploaded', 'removed'], 'deleted', { name: 'no.txt' })).toBe(false);
      expect(await s.findFile(upload.id, id)).toEqual(files[0]);
      expect(await s.transitionFile(id, ['missing'], 'uploading', { size: 42, name: 'renamed.txt' })).toBe(true);
      expect(await s.findFile(upload.id, id)).toEqual({ ...files[0], status: 'uploading', size: 42, name: 'renamed.txt' });
      expect(await s.transitionFile(id, LIVE, 'uploaded', { md5: 'abc', type: 'image/png' })).toBe(true);
      expect(await s.findFile(upload.id, id)).toMatchObject({ status: 'uploaded', size: 42, md5: 'abc', type: 'image/png' });
      expect(await s.transitionFile(aFile(upload).id, LIVE, 'deleted')).toBe(false);
    });

    it('lets exactly one of many racing callers move a file', async () => {
      const s = ctx.store();
      const { files } = await created(s, anUpload(), [{ status: 'missing' }]);
      const moved = await Promise.all(Array.from({ length: 20 }, () => s.transitionFile(files[0]!.id, ['missing'], 'uploading')));
      expect(trues(moved)).toBe(1);
    });

    it('completes an uploading file with what its bytes turned out to be, its bytes its own without a blob', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'uploading' }]);
      const file = files[0]!;
      expect(await s.completeFile({ uploadId: upload.id, fileId: file.id }, 'uploaded', done)).toEqual({ blobHash: null, shared: false });
      expect(await s.findFile(upload.id, file.id)).toEqual({ ...file, ...done, status: 'uploaded' });
    });

    it('completes nothing and references nothing when the file is no longer uploading (removed meanwhile)', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'removed' }, { status: 'missing' }]);
      for (const file of files) {
        const claim = { hash: `hash-${file.id}`, size: done.size };
        expect(await s.completeFile({ uploadId: upload.id, fileId: file.id }, 'uploaded', done, claim)).toBeUndefined();
        expect(await s.findFile(upload.id, file.id)).toEqual(file);
        expect(await s.findBlob(claim.hash)).toBeUndefined();
      }
    });

    it('completes a streamed file straight to deleted', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload({ stream: true }), [{ status: 'uploading' }]);
      expect(await s.completeFile({ uploadId: upload.id, fileId: files[0]!.id }, 'deleted', done)).toEqual({
        blobHash: null,
        shared: false,
      });
      expect((await s.findFileById(files[0]!.id))?.status).toBe('deleted');
    });
  });
}
