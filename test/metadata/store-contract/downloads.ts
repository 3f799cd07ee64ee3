// Download slots: a limited file (oneShot, maxDownloads) hands out no more slots than its limit, however many
// downloads race for them; a failed download gives its slot back, a finished one counts, the last one removes the file.
import { describe, expect, it } from 'vitest';
import type { UploadFile } from '../../../src/model/model.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { anUpload, created, T0, trues, type ContractContext } from './context.js';

export const DOWNLOAD_METHODS = ['reserveDownload', 'releaseDownload', 'completeDownload', 'countServed'] as const;

async function aFileWith(s: MetadataStore, fields: Partial<UploadFile>): Promise<UploadFile> {
  return (await created(s, anUpload(), [{ status: 'uploaded', ...fields }])).files[0]!;
}

export function downloadsContract(ctx: ContractContext): void {
  describe('download slots', () => {
    it('gives exactly `limit` of many racing reservations a slot', async () => {
      const s = ctx.store();
      const file = await aFileWith(s, { downloadLimit: 3 });
      const reserved = await Promise.all(Array.from({ length: 20 }, () => s.reserveDownload(file.id)));
      expect(trues(reserved)).toBe(3);
      expect((await s.findFileById(file.id))?.downloadsReserved).toBe(3);
    });

    it('gives a slot on an unlimited file to every download', async () => {
      const s = ctx.store();
      const file = await aFileWith(s, { downloadLimit: 0 });
      expect(trues(await Promise.all(Array.from({ length: 10 }, () => s.reserveDownload(file.id))))).toBe(10);
    });

    it('gives no slot on a file not uploaded, nor on an unknown one', async () => {
      const s = ctx.store();
      for (const status of ['missing', 'uploading', 'removed', 'deleted'] as const) {
        expect(await s.reserveDownload((await aFileWith(s, { status, downloadLimit: 0 })).id)).toBe(false);
      }
      expect(await s.reserveDownload('no-such-file')).toBe(false);
    });

    it('takes a slot back when a download fails, for someone else; never below none', async () => {
      const s = ctx.store();
      const file = await aFileWith(s, { downloadLimit: 1 });
      expect(await s.reserveDownload(file.id)).toBe(true);
      expect(await s.reserveDownload(file.id)).toBe(false);
      await s.releaseDownload(file.id);
      expect(await s.reserveDownload(file.id)).toBe(true);
      await s.releaseDownload(file.id);
      await s.releaseDownload(file.id);
      expect((await s.findFileById(file.id))?.downloadsReserved).toBe(0);
    });

    it('counts finished downloads; the one that uses up the limit removes the file and says so', async () => {
      const s = ctx.store();
      const file = await aFileWith(s, { downloadLimit: 2 });
      expect(await s.reserveDownload(file.id)).toBe(true);
      expect(await s.completeDownload(file.id)).toBe(false);
      expect(await s.reserveDownload(file.id)).toBe(true);
      expect(await s.completeDownload(file.id)).toBe(true);
      expect(await s.findFileById(file.id)).toMatchObject({ status: 'removed', downloadsReserved: 2, downloadsCompleted: 2 });
      expect(await s.reserveDownload(file.id)).toBe(false);
    });

    it('removes a oneShot file after one download, exactly once among downloads finishing together', async () => {
      const s = ctx.store();
      const oneShot = await aFileWith(s, { downloadLimit: 1 });
      expect(trues(await Promise.all(Array.from({ length: 20 }, () => s.reserveDownload(oneShot.id))))).toBe(1);
      expect(await s.completeDownload(oneShot.id)).toBe(true);
      const limited = await aFileWith(s, { downloadLimit: 3 });
      await Promise.all(Array.from({ length: 3 }, () => s.reserveDownload(limited.id)));
      expect(trues(await Promise.all(Array.from({ length: 3 }, () => s.completeDownload(limited.id))))).toBe(1);
      expect((await s.findFileById(limited.id))?.status).toBe('removed');
    });

    it('counts downloads of an unlimited file without ever removing it', async () => {
      const s = ctx.store();
      const file = await aFileWith(s, { downloadLimit: 0 });
      for (let i = 0; i < 3; i++) expect(await s.completeDownload(file.id)).toBe(false);
      expect(await s.findFileById(file.id)).toMatchObject({ status: 'uploaded', downloadsCompleted: 3 });
    });
  });

  describe('download accounting', () => {
    it('adds up every served response, whole downloads and bytes, however many are counted at once', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [{ status: 'uploaded' }, { status: 'uploaded' }]);
      const [a, b] = [files[0]!, files[1]!];
      const fresh = await s.findLiveUpload(upload.id, T0);
      expect(fresh).toMatchObject({ downloadCount: 0, downloadedBytes: 0, lastDownloadedAt: null });
      // 20 whole downloads of a at once, a zip of both, and a Range response (bytes, no download).
      await Promise.all(Array.from({ length: 20 }, (_, n) => s.countServed(upload.id, [a.id], 100, T0 + n)));
      await s.countServed(upload.id, [a.id, b.id], 300, T0 + 100);
      await s.countServed(upload.id, [], 7, T0 + 200);
      expect(await s.findLiveUpload(upload.id, T0)).toMatchObject({ downloadCount: 22, downloadedBytes: 2307, lastDownloadedAt: T0 + 100 });
      expect(await s.findFileById(a.id)).toMatchObject({ downloadCount: 21, lastDownloadedAt: T0 + 100 });
      expect(await s.findFileById(b.id)).toMatchObject({ downloadCount: 1, lastDownloadedAt: T0 + 100 });
    });
  });
}
