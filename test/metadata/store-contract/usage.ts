// Usage records: lifetime counters per scope added to atomically, what the live uploads hold now (all together or
// split by user or token), the downloads of a day, and the trending lists they rank.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyLifetime, emptyPeriod } from '../../../src/model/usage.js';
import { anUpload, aUser, created, T0, type ContractContext } from './context.js';

export const USAGE_METHODS = [
  'addUsage',
  'lifetimeUsage',
  'currentUsage',
  'addDownloadDay',
  'forgetDownloadDays',
  'trendingUploads',
  'trendingFiles',
] as const;

const aScope = () => `local:usage-${randomUUID().slice(0, 8)}`;

export function usageContract(ctx: ContractContext): void {
  describe('usage records', () => {
    it('adds to the lifetime counters of each scope from zero, started at the first increment, the latest upload kept', async () => {
      const s = ctx.store();
      const [user, other] = [aScope(), aScope()];
      await s.addUsage([user, other], { uploads: 1, features: ['password', 'oneShot'], ttl: '1h1d', lastUploadAt: T0 + 5 }, T0);
      await s.addUsage([user], { files: 1, size: 2 ** 40, fileSize: 'gt100g', lastUploadAt: T0 + 1 }, T0 + 10);
      await s.addUsage([user], { downloads: 2, downloadedBytes: 300 }, T0 + 20);
      const usage = await s.lifetimeUsage([user, other, aScope()]);
      expect(usage.size).toBe(2);
      const expected = emptyLifetime();
      Object.assign(expected, {
        startedAt: T0,
        lastUploadAt: T0 + 5,
        uploads: 1,
        files: 1,
        totalSize: 2 ** 40,
        downloads: 2,
        downloadedBytes: 300,
      });
      expected.features.password = 1;
      expected.features.oneShot = 1;
      expected.ttl['1h1d'] = 1;
      expected.fileSizes.gt100g = 1;
      expect(usage.get(user)).toEqual(expected);
      expect(usage.get(other)).toMatchObject({ uploads: 1, files: 0, startedAt: T0, lastUploadAt: T0 + 5 });
    });

    it('loses no count when many add at once to a new scope', async () => {
      const s = ctx.store();
      const scope = aScope();
      await Promise.all(Array.from({ length: 20 }, () => s.addUsage([scope, '*'], { downloads: 1, downloadedBytes: 10 }, T0)));
      expect((await s.lifetimeUsage([scope])).get(scope)).toMatchObject({ downloads: 20, downloadedBytes: 200 });
    });

    it('counts what live uploads hold now, the files uploaded or on their way, all together or split by user', async () => {
      const s = await ctx.fresh();
      const [ann, bob] = [aUser(), aUser()];
      await created(s, anUpload({ userId: ann.id, ttl: 3600, comments: ' hi ', removable: true }), [
        { status: 'uploaded', size: 5 },
        { status: 'uploading', size: 2 * 1024 * 1024 },
        { status: 'removed', size: 9 },
      ]);
      await created(s, anUpload({ userId: bob.id, ttl: 31 * 86400, removable: false }), [{ status: 'uploaded', size: 7 }]);
      await created(s, anUpload({ userId: bob.id, expireAt: T0 + 1 }), [{ status: 'uploaded', size: 100 }]);
      await created(s, anUpload({ userId: bob.id }), [{ status: 'missing' }]);
      const all = (await s.currentUsage({}, T0 + 2)).get('')!;
      const expected = emptyPeriod();
      Object.assign(expected, { uploads: 2, files: 3, totalSize: 5 + 2 * 1024 * 1024 + 7 });
      Object.assign(expected.features, { removable: 1, comment: 1 });
      Object.assign(expected.ttl, { '1h1d': 1, gt30d: 1 });
      Object.assign(expected.fileSizes, { lt1m: 2, '1m10m': 1 });
      expect(all).toEqual(expected);
      const split = await s.currentUsage({}, T0 + 2, { by: 'user', ids: [ann.id, bob.id, 'local:nobody'] });
      expect([...split.keys()].sort()).toEqual([ann.id, bob.id].sort());
      expect(split.get(bob.id)).toMatchObject({ uploads: 1, files: 1, totalSize: 7 });
      expect(await s.currentUsage({}, T0, { by: 'token', ids: [] })).toEqual(new Map());
    });

    it('ranks live uploads and uploaded files by downloads or bytes, in a window of days or over all time', async () => {
      const s = await ctx.fresh();
      const owner = aUser();
      const a = await created(s, anUpload({ userId: owner.id, comments: 'a' }), [{ status: 'uploaded', size: 10 }]);
      const b = await created(s, anUpload(), [
        { status: 'uploaded', size: 20 },
        { status: 'uploaded', size: 1 },
      ]);
      const [fa] = a.files;
      const [fb1, fb2] = b.files;
      await s.countServed(a.upload.id, [fa!.id], 10, T0);
      await s.addDownloadDay('2030-01-01', a.upload.id, [fa!.id], 10);
      for (let n = 0; n < 2; n++) {
        await s.countServed(b.upload.id, [fb1!.id, fb2!.id], 21, T0 + 1);
        await s.addDownloadDay('2030-01-03', b.upload.id, [fb1!.id, fb2!.id], 21);
      }
      await s.countServed(a.upload.id, [], 500, T0 + 2);
      await s.addDownloadDay('2030-01-03', a.upload.id, [], 500);

      const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);
      const all = await s.trendingUploads({ fromDay: null, sort: 'downloads', limit: 10 }, T0);
      expect(ids(all)).toEqual([b.upload.id, a.upload.id]);
      expect(all[0]).toEqual({
        id: b.upload.id,
        comments: '',
        userId: null,
        files: 2,
        size: 21,
        downloads: 4,
        downloadedBytes: 42,
        lastDownloadedAt: T0 + 1,
      });
      expect(ids(await s.trendingUploads({ fromDay: null, sort: 'downloadedBytes', limit: 10 }, T0))).toEqual([a.upload.id, b.upload.id]);
      expect(ids(await s.trendingUploads({ fromDay: null, sort: 'downloads', limit: 1 }, T0))).toEqual([b.upload.id]);
      expect(ids(await s.trendingUploads({ userId: owner.id, fromDay: null, sort: 'downloads', limit: 10 }, T0))).toEqual([a.upload.id]);
      // From the 2nd: a's one download was the 1st, its 500 bytes (a Range) the 3rd.
      expect(await s.trendingUploads({ fromDay: '2030-01-02', sort: 'downloads', limit: 10 }, T0)).toMatchObject([
        { id: b.upload.id, downloads: 4 },
      ]);
      expect(ids(await s.trendingUploads({ fromDay: '2030-01-02', sort: 'downloadedBytes', limit: 10 }, T0))).toEqual([
        a.upload.id,
        b.upload.id,
      ]);

      // b's two files tie: by id then.
      const bFiles = [fb1!.id, fb2!.id].sort();
      expect(ids(await s.trendingFiles({ fromDay: null, limit: 10 }, T0))).toEqual([...bFiles, fa!.id]);
      const windowed = await s.trendingFiles({ fromDay: '2030-01-02', limit: 10 }, T0);
      expect(ids(windowed)).toEqual(bFiles);
      expect(windowed.find((file) => file.id === fb1!.id)).toEqual({
        id: fb1!.id,
        uploadId: b.upload.id,
        name: 'file.txt',
        userId: null,
        size: 20,
        downloads: 2,
        lastDownloadedAt: T0 + 1,
      });
      await s.markUploadDeleted(b.upload.id, T0);
      expect(ids(await s.trendingFiles({ fromDay: null, limit: 10 }, T0))).toEqual([fa!.id]);
      expect(ids(await s.trendingUploads({ fromDay: '2030-01-01', sort: 'downloads', limit: 10 }, T0))).toEqual([a.upload.id]);
    });

    it('forgets the download days before a day, and those alone', async () => {
      const s = await ctx.fresh();
      const { upload } = await created(s, anUpload(), [{ status: 'uploaded', size: 1 }]);
      for (const day of ['2030-02-01', '2030-02-02', '2030-02-03']) await s.addDownloadDay(day, upload.id, [], 1);
      await s.forgetDownloadDays('2030-02-02');
      const bytesFrom = async (fromDay: string) =>
        (await s.trendingUploads({ fromDay, sort: 'downloadedBytes', limit: 1 }, T0))[0]?.downloadedBytes;
      expect(await bytesFrom('2030-01-01')).toBe(2);
    });
  });
}
