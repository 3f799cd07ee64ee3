// Upload records: created with their files, found while live, listed page by page, given new terms, deleted.
import { describe, expect, it } from 'vitest';
import type { UploadStats } from '../../../src/metadata/records/uploads.js';
import { aUser, anUpload, created, T0, type ContractContext } from './context.js';

export const UPLOAD_METHODS = [
  'createUpload',
  'findLiveUpload',
  'setExpireAt',
  'listUploads',
  'listFilesOf',
  'setUploadTerms',
  'markUploadsDeleted',
  'uploadStats',
  'markUploadDeleted',
] as const;

const page = (offset: number, limit: number, order: 'asc' | 'desc' = 'desc') => ({ offset, limit, order, sort: 'createdAt' });

export function uploadsContract(ctx: ContractContext): void {
  describe('uploads', () => {
    it('gives back an upload as created, every field, and its files', async () => {
      const s = ctx.store();
      const upload = anUpload({
        expireAt: T0 + 60_000,
        ttl: 60,
        extendTtl: true,
        oneShot: true,
        stream: false,
        removable: false,
        login: 'ann',
        passwordHash: 'hashed',
        comments: 'notes 📦',
        userId: 'local:ann',
        tokenId: 'a'.repeat(64),
        remoteIp: '192.0.2.1',
        maxDownloads: 1,
        encryption: 'link',
        keyCheck: 'check',
        hotlinkProtection: true,
      });
      const { files } = await created(s, upload, [
        { name: 'a.txt', downloadLimit: 1 },
        { name: 'b.txt', reference: 'ref', createdAt: T0 + 1 },
      ]);
      expect(await s.findLiveUpload(upload.id, T0)).toEqual(upload);
      expect(await s.listFiles(upload.id)).toEqual(files);
    });

    it('creates an upload without files', async () => {
      const s = ctx.store();
      const { upload } = await created(s, anUpload());
      expect(await s.findLiveUpload(upload.id, T0)).toEqual(upload);
      expect(await s.listFiles(upload.id)).toEqual([]);
    });

    it('finds an upload only while live: not an unknown id, not once expired at `now`, not once deleted', async () => {
      const s = ctx.store();
      expect(await s.findLiveUpload(anUpload().id, T0)).toBeUndefined();
      const { upload } = await created(s, anUpload({ expireAt: T0 + 1000 }));
      expect(await s.findLiveUpload(upload.id, T0 + 999)).toBeDefined();
      expect(await s.findLiveUpload(upload.id, T0 + 1000)).toBeUndefined();
      const { upload: deleted } = await created(s, anUpload());
      await s.markUploadDeleted(deleted.id, T0);
      expect(await s.findLiveUpload(deleted.id, T0)).toBeUndefined();
    });

    it('sets a new expiry, or none', async () => {
      const s = ctx.store();
      const { upload } = await created(s, anUpload({ expireAt: T0 + 1000 }));
      await s.setExpireAt(upload.id, T0 + 5000);
      expect((await s.findLiveUpload(upload.id, T0 + 4999))?.expireAt).toBe(T0 + 5000);
      await s.setExpireAt(upload.id, null);
      expect((await s.findLiveUpload(upload.id, T0 + 10 ** 9))?.expireAt).toBeNull();
    });

    it('lists live uploads of a user newest first, a page at a time, with whether more follow', async () => {
      const s = ctx.store();
      const userId = aUser().id;
      const uploads = [];
      for (let i = 0; i < 5; i++) uploads.push((await created(s, anUpload({ userId, createdAt: T0 + i }))).upload);
      // Neither an expired nor a deleted one is listed, nor another user's.
      await created(s, anUpload({ userId, createdAt: T0 + 10, expireAt: T0 + 50 }));
      await s.markUploadDeleted((await created(s, anUpload({ userId, createdAt: T0 + 11 }))).upload.id, T0);
      await created(s, anUpload({ userId: aUser().id, createdAt: T0 + 12 }));
      const ids = (list: { id: string }[]) => list.map((u) => u.id);
      const newest = [...uploads].reverse();

      expect(await s.listUploads({ userId }, page(0, 2), T0 + 100)).toEqual({ items: newest.slice(0, 2), hasMore: true, total: 5 });
      expect(ids((await s.listUploads({ userId }, page(2, 2), T0 + 100)).items)).toEqual(ids(newest.slice(2, 4)));
      expect(await s.listUploads({ userId }, page(4, 2), T0 + 100)).toEqual({ items: newest.slice(4), hasMore: false, total: 5 });
      expect(await s.listUploads({ userId }, page(0, 5), T0 + 100)).toMatchObject({ hasMore: false });
      expect(ids((await s.listUploads({ userId }, page(0, 10, 'asc'), T0 + 100)).items)).toEqual(ids(uploads));
    });

    it('orders uploads created in the same millisecond by id, the same way on every page', async () => {
      const s = ctx.store();
      const userId = aUser().id;
      for (let i = 0; i < 4; i++) await created(s, anUpload({ userId }));
      const all = (await s.listUploads({ userId }, page(0, 10), T0)).items.map((u) => u.id);
      expect(all).toEqual([...all].sort().reverse());
      const paged = [
        ...(await s.listUploads({ userId }, page(0, 2), T0)).items,
        ...(await s.listUploads({ userId }, page(2, 2), T0)).items,
      ];
      expect(paged.map((u) => u.id)).toEqual(all);
    });

    it("lists by token, and the anonymous uploads (userId null) apart from users' ones", async () => {
      const s = ctx.store();
      const user = aUser().id;
      const { upload: withToken } = await created(s, anUpload({ userId: user, tokenId: 'token-a' }));
      const { upload: withSession } = await created(s, anUpload({ userId: user }));
      const { upload: anonymous } = await created(s, anUpload());
      expect((await s.listUploads({ userId: user, tokenId: 'token-a' }, page(0, 10), T0)).items.map((u) => u.id)).toEqual([withToken.id]);
      expect((await s.listUploads({ userId: user }, page(0, 10), T0)).items.map((u) => u.id).sort()).toEqual(
        [withToken.id, withSession.id].sort(),
      );
      const anonymousIds = (await s.listUploads({ userId: null }, page(0, 500), T0)).items.map((u) => u.id);
      expect(anonymousIds).toContain(anonymous.id);
      expect(anonymousIds).not.toContain(withToken.id);
    });

    it('lists the files of several uploads at once, oldest first, and none for no upload', async () => {
      const s = ctx.store();
      const first = await created(s, anUpload(), [{ createdAt: T0 + 2 }, { createdAt: T0 }]);
      const second = await created(s, anUpload(), [{ createdAt: T0 + 1 }]);
      await created(s, anUpload(), [{}]);
      const listed = await s.listFilesOf([first.upload.id, second.upload.id]);
      expect(listed).toEqual([first.files[1], second.files[0], first.files[0]]);
      expect(await s.listFilesOf([])).toEqual([]);
    });

    it("sets new terms and every file's download limit, and nothing else", async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload({ ttl: 60, expireAt: T0 + 60_000, comments: 'kept' }), [
        {},
        { status: 'uploaded', createdAt: T0 + 1 },
      ]);
      const terms = { ttl: 3600, expireAt: T0 + 3_600_000, maxDownloads: 2, login: 'bob', passwordHash: 'hash' };
      await s.setUploadTerms(upload.id, terms, 2);
      expect(await s.findLiveUpload(upload.id, T0)).toEqual({ ...upload, ...terms });
      expect(await s.listFiles(upload.id)).toEqual(files.map((f) => ({ ...f, downloadLimit: 2 })));
      await s.setUploadTerms(upload.id, { ...terms, maxDownloads: 0, login: null, passwordHash: null, expireAt: null }, 0);
      expect(await s.findLiveUpload(upload.id, T0)).toMatchObject({ maxDownloads: 0, login: null, passwordHash: null, expireAt: null });
      expect((await s.listFiles(upload.id)).map((f) => f.downloadLimit)).toEqual([0, 0]);
    });

    it('deletes an upload: hidden at once, its files marked removed, those already deleted left so', async () => {
      const s = ctx.store();
      const { upload, files } = await created(s, anUpload(), [
        { status: 'missing' },
        { status: 'uploading' },
        { status: 'uploaded' },
        { status: 'removed' },
        { status: 'deleted' },
      ]);
      await s.markUploadDeleted(upload.id, T0);
      expect(await s.findLiveUpload(upload.id, T0)).toBeUndefined();
      const statuses = new Map((await s.listFiles(upload.id)).map((f) => [f.id, f.status]));
      expect(files.map((f) => statuses.get(f.id))).toEqual(['removed', 'removed', 'removed', 'removed', 'deleted']);
    });

    it("deletes every live upload of a filter, says how many, and leaves expired and others' uploads alone", async () => {
      const s = ctx.store();
      const userId = aUser().id;
      const mine = [
        await created(s, anUpload({ userId }), [{ status: 'uploaded' }, { status: 'deleted' }]),
        await created(s, anUpload({ userId })),
      ];
      const { upload: expired, files: expiredFiles } = await created(s, anUpload({ userId, expireAt: T0 }), [{ status: 'uploaded' }]);
      const { upload: theirs } = await created(s, anUpload({ userId: aUser().id }));
      expect(await s.markUploadsDeleted({ userId }, T0)).toBe(2);
      for (const { upload } of mine) expect(await s.findLiveUpload(upload.id, T0 - 1)).toBeUndefined();
      expect((await s.listFiles(mine[0]!.upload.id)).map((f) => f.status).sort()).toEqual(['deleted', 'removed']);
      // The expired one is the cleanup's: not counted, its files as they were.
      expect(await s.findLiveUpload(expired.id, T0 - 1)).toBeDefined();
      expect(await s.listFiles(expired.id)).toEqual(expiredFiles);
      expect(await s.findLiveUpload(theirs.id, T0)).toBeDefined();
      expect(await s.markUploadsDeleted({ userId }, T0)).toBe(0);
    });

    it('counts what is held: files uploading or uploaded in live uploads, and the uploads holding one', async () => {
      const s = ctx.store();
      const userId = aUser().id;
      const empty = { uploads: 0, files: 0, totalSize: 0 };
      expect(await s.uploadStats({ userId }, T0)).toEqual(empty);
      await created(s, anUpload({ userId }), [
        { status: 'uploaded', size: 100 },
        { status: 'uploading', size: 20 },
        { status: 'missing', size: 7 },
      ]);
      await created(s, anUpload({ userId }), [{ status: 'uploaded', size: 3 }]);
      // Uploads holding nothing (declared, removed, deleted files; none at all) count for nothing.
      await created(s, anUpload({ userId }), [{ status: 'missing' }, { status: 'removed', size: 9 }, { status: 'deleted', size: 9 }]);
      await created(s, anUpload({ userId }));
      // Nor do expired and deleted uploads, nor another user's, nor one of another token.
      await created(s, anUpload({ userId, expireAt: T0 }), [{ status: 'uploaded', size: 1000 }]);
      await s.markUploadDeleted((await created(s, anUpload({ userId }), [{ status: 'uploaded', size: 1000 }])).upload.id, T0);
      await created(s, anUpload({ userId: aUser().id }), [{ status: 'uploaded', size: 1000 }]);
      await created(s, anUpload({ userId, tokenId: 'token-b' }), [{ status: 'uploaded', size: 50 }]);
      expect(await s.uploadStats({ userId }, T0)).toEqual({ uploads: 3, files: 4, totalSize: 173 });
      expect(await s.uploadStats({ userId, tokenId: 'token-b' }, T0)).toEqual({ uploads: 1, files: 1, totalSize: 50 });
    });

    it('counts the whole server with an empty filter, and the anonymous uploads with userId null', async () => {
      const s = ctx.store();
      const [server, anonymous] = [await s.uploadStats({}, T0), await s.uploadStats({ userId: null }, T0)];
      await created(s, anUpload(), [{ status: 'uploaded', size: 5 }]);
      await created(s, anUpload({ userId: aUser().id }), [
        { status: 'uploaded', size: 7 },
        { status: 'uploading', size: 1 },
      ]);
      const added = (before: UploadStats, uploads: number, files: number, totalSize: number) => ({
        uploads: before.uploads + uploads,
        files: before.files + files,
        totalSize: before.totalSize + totalSize,
      });
      expect(await s.uploadStats({}, T0)).toEqual(added(server, 2, 3, 13));
      expect(await s.uploadStats({ userId: null }, T0)).toEqual(added(anonymous, 1, 1, 5));
    });
  });
}
