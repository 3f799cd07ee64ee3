// Quota reservations: an uploading file's size reserves its owner's quota as its bytes arrive, decided one at a time
// per user so that parallel uploads never pass the limit together; a dead instance's reservations are given back.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../src/model/model.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { aUser, anUpload, created, T0, trues, type ContractContext } from './context.js';

export const QUOTA_METHODS = ['reserveBytes', 'releaseStaleReservations'] as const;

async function anOwner(s: MetadataStore): Promise<User> {
  const user = aUser({ maxUserSize: 1000 });
  await s.insertUser(user);
  return user;
}

async function uploadingOf(s: MetadataStore, user: User) {
  const { upload, files } = await created(s, anUpload({ userId: user.id }), [{ status: 'uploading' }]);
  return { uploadId: upload.id, fileId: files[0]!.id };
}

export function quotaContract(ctx: ContractContext): void {
  describe('quota reservations', () => {
    it("reserves bytes within the limit, counting the owner's other live files and not the file's own last reservation", async () => {
      const s = ctx.store();
      const user = await anOwner(s);
      await created(s, anUpload({ userId: user.id }), [
        { status: 'uploaded', size: 600 },
        { status: 'removed', size: 5000 },
      ]);
      // Another user's files are theirs: they count against their quota, not this one.
      await created(s, anUpload({ userId: (await anOwner(s)).id }), [{ status: 'uploaded', size: 5000 }]);
      const file = await uploadingOf(s, user);
      expect(await s.reserveBytes(file, user.id, 300, 1000, T0)).toBe(true);
      expect((await s.findFileById(file.fileId))?.size).toBe(300);
      expect(await s.reserveBytes(file, user.id, 400, 1000, T0)).toBe(true);
      expect(await s.uploadStats({ userId: user.id }, T0)).toMatchObject({ totalSize: 1000 });
      expect(await s.reserveBytes(file, user.id, 401, 1000, T0)).toBe(false);
      expect((await s.findFileById(file.fileId))?.size).toBe(400);
    });

    it('never lets racing reservations of one user pass the limit together', async () => {
      const s = ctx.store();
      const user = await anOwner(s);
      const files = [];
      for (let i = 0; i < 10; i++) files.push(await uploadingOf(s, user));
      const reserved = await Promise.all(files.map((file) => s.reserveBytes(file, user.id, 100, 350, T0)));
      expect(trues(reserved)).toBe(3);
      expect(await s.uploadStats({ userId: user.id }, T0)).toMatchObject({ totalSize: 300 });
    });

    it('reserves nothing for a file no longer uploading', async () => {
      const s = ctx.store();
      const user = await anOwner(s);
      const file = await uploadingOf(s, user);
      await s.transitionFile(file.fileId, ['uploading'], 'removed');
      await s.reserveBytes(file, user.id, 100, 1000, T0);
      expect((await s.findFileById(file.fileId))?.size).toBe(0);
    });

    it('gives back the reservations of uploading files that reserved nothing since `before`, and says how many', async () => {
      const s = ctx.store();
      const user = await anOwner(s);
      const [stale, recent, unreserved] = [await uploadingOf(s, user), await uploadingOf(s, user), await uploadingOf(s, user)];
      // Before any other test's reservations (made at T0 or later), so that the count is this test's alone.
      const before = T0 - 10 ** 6;
      await s.reserveBytes(stale, user.id, 100, 1000, before - 1);
      await s.reserveBytes(recent, user.id, 100, 1000, before);
      const {
        files: [uploaded],
      } = await created(s, anUpload({ userId: user.id }), [{ status: 'uploaded', size: 50 }]);
      expect(await s.releaseStaleReservations(before)).toBe(1);
      expect((await s.findFileById(stale.fileId))?.size).toBe(0);
      expect((await s.findFileById(recent.fileId))?.size).toBe(100);
      expect((await s.findFileById(unreserved.fileId))?.size).toBe(0);
      expect((await s.findFileById(uploaded!.id))?.size).toBe(50);
      expect(await s.releaseStaleReservations(before)).toBe(0);
    });
  });
}
