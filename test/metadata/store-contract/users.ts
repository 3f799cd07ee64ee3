// User records: created once per id, found, changed, listed page by page and counted; deleted with everything that
// was theirs alone (tokens, sessions, activity), their uploads left to nobody.
import { describe, expect, it } from 'vitest';
import type { UserSearch } from '../../../src/model/listing.js';
import { aSession, aToken, aUser, anUpload, created, T0, trues, type ContractContext } from './context.js';

export const USER_METHODS = ['insertUser', 'findUser', 'updateUser', 'deleteUser', 'listUsers', 'searchUsers', 'countUsers'] as const;

export function usersContract(ctx: ContractContext): void {
  describe('users', () => {
    it('gives back a user as inserted, every field; no one for an unknown id', async () => {
      const s = ctx.store();
      const user = aUser({ provider: 'oidc', passwordHash: null, isAdmin: true, maxFileSize: 2 ** 40, maxUserSize: -1, maxTtl: 86_400 });
      expect(await s.insertUser(user)).toBe(true);
      expect(await s.findUser(user.id)).toEqual(user);
      expect(await s.findUser(aUser().id)).toBeUndefined();
    });

    it('refuses a second user of the same id, keeping the first', async () => {
      const s = ctx.store();
      const user = aUser({ name: 'first' });
      await s.insertUser(user);
      expect(await s.insertUser({ ...user, name: 'second' })).toBe(false);
      expect((await s.findUser(user.id))?.name).toBe('first');
    });

    it('creates a user once when many first sign-ins race, the others told it exists', async () => {
      const s = ctx.store();
      const user = aUser();
      const inserted = await Promise.all(Array.from({ length: 10 }, () => s.insertUser(user)));
      expect(trues(inserted)).toBe(1);
      expect(inserted.filter((answer) => answer === false)).toHaveLength(9);
    });

    it('changes every field of a user but its id', async () => {
      const s = ctx.store();
      const user = aUser();
      await s.insertUser(user);
      const changes = {
        name: 'New Name',
        email: 'new@example.org',
        isAdmin: true,
        passwordHash: 'other',
        maxFileSize: 10,
        maxUserSize: 20,
        maxTtl: 30,
        theme: 'dark',
        language: 'fr',
      };
      await s.updateUser(user.id, changes);
      expect(await s.findUser(user.id)).toEqual({ ...user, ...changes });
    });

    it('writes only the fields an update gives: two updates of different fields keep both', async () => {
      const s = ctx.store();
      const user = { ...aUser(), isAdmin: true };
      await s.insertUser(user);
      await Promise.all([s.updateUser(user.id, { isAdmin: false }), s.updateUser(user.id, { theme: 'dark', name: 'Renamed' })]);
      expect(await s.findUser(user.id)).toEqual({ ...user, isAdmin: false, theme: 'dark', name: 'Renamed' });
      await s.updateUser(user.id, {});
      expect(await s.findUser(user.id)).toMatchObject({ isAdmin: false, theme: 'dark' });
    });

    it("deletes a user with their tokens, sessions and activity; their uploads are nobody's after", async () => {
      const s = ctx.store();
      const user = aUser();
      await s.insertUser(user);
      const token = aToken(user);
      const session = aSession(user);
      await s.insertToken(token);
      await s.insertSession(session);
      const day = '2031-01-01';
      await s.addActivity(day, [user.id, '*'], { uploads: 1 });
      const { upload } = await created(s, anUpload({ userId: user.id, tokenId: token.hash }), [{ status: 'uploaded', size: 4 }]);
      const serverBefore = await s.dailyActivity('*', day);

      await s.deleteUser(user.id);
      expect(await s.findUser(user.id)).toBeUndefined();
      expect(await s.findToken(token.hash)).toBeUndefined();
      expect(await s.findSession(session.idHash, T0)).toBeUndefined();
      expect(await s.dailyActivity(user.id, day)).toEqual([]);
      expect(await s.dailyActivity('*', day)).toEqual(serverBefore);
      expect(await s.findLiveUpload(upload.id, T0)).toMatchObject({ userId: null, tokenId: null });
      // Created again with the same login, the user inherits nothing.
      await s.insertUser(user);
      expect(await s.listUploads({ userId: user.id }, { offset: 0, limit: 10, order: 'desc', sort: 'createdAt' }, T0)).toEqual({
        items: [],
        hasMore: false,
        total: 0,
      });
      expect(await s.uploadStats({ userId: user.id }, T0)).toEqual({ uploads: 0, files: 0, totalSize: 0 });
    });

    it('finds users by a part of their id, login, name or email, whatever its case; % and _ are only themselves', async () => {
      const s = await ctx.fresh();
      const users = [
        aUser({ id: 'local:ann_lee', login: 'ann_lee', name: 'Ann Lee', email: 'ann@example.com', createdAt: T0 }),
        aUser({ id: 'oidc:annex', login: 'annex', name: 'Rex', email: 'rex@example.org', provider: 'oidc', isAdmin: true }),
        aUser({ id: 'local:bob', login: 'bob', name: 'Bob 100%', email: 'bob@example.com' }),
      ];
      for (const user of users) await s.insertUser(user);
      const found = async (text: string, more: Partial<UserSearch> = {}) =>
        (await s.searchUsers({ text, limit: 10, ...more })).map((u) => u.login);
      expect(await found('ANN')).toEqual(['ann_lee', 'annex']);
      expect(await found('example.org')).toEqual(['annex']);
      expect(await found('oidc:')).toEqual(['annex']);
      expect(await found('lee')).toEqual(['ann_lee']);
      expect(await found('n_l')).toEqual(['ann_lee']);
      // As LIKE wildcards, n_e would find annex and b%0 "Bob 100%".
      expect(await found('n_e')).toEqual([]);
      expect(await found('100%')).toEqual(['bob']);
      expect(await found('b%0')).toEqual([]);
      expect(await found('ann', { provider: 'oidc' })).toEqual(['annex']);
      expect(await found('ann', { admin: false })).toEqual(['ann_lee']);
      expect(await found('example', { limit: 2 })).toEqual(['ann_lee', 'annex']);
    });

    it('lists users by creation or login, either way, a page at a time, and counts them', async () => {
      const s = await ctx.fresh();
      expect(await s.countUsers()).toBe(0);
      expect(await s.listUsers({}, { offset: 0, limit: 10, order: 'desc', sort: 'createdAt' }, T0)).toEqual({
        items: [],
        hasMore: false,
        total: 0,
      });
      const users = ['carol', 'alice', 'bob'].map((login, i) => aUser({ id: `local:${login}`, login, createdAt: T0 + i }));
      for (const user of users) await s.insertUser(user);
      expect(await s.countUsers()).toBe(3);
      const logins = async (sort: string, order: 'asc' | 'desc', offset = 0, limit = 10) => {
        const slice = await s.listUsers({}, { offset, limit, order, sort }, T0);
        return { logins: slice.items.map((u) => u.login), hasMore: slice.hasMore };
      };
      expect(await logins('createdAt', 'desc')).toEqual({ logins: ['bob', 'alice', 'carol'], hasMore: false });
      expect(await logins('createdAt', 'asc', 0, 2)).toEqual({ logins: ['carol', 'alice'], hasMore: true });
      expect(await logins('createdAt', 'asc', 2, 2)).toEqual({ logins: ['bob'], hasMore: false });
      expect(await logins('login', 'asc')).toEqual({ logins: ['alice', 'bob', 'carol'], hasMore: false });
      expect(await logins('login', 'desc', 1, 1)).toEqual({ logins: ['bob'], hasMore: true });
      expect((await s.listUsers({}, { offset: 0, limit: 10, order: 'desc', sort: 'createdAt' }, T0)).items).toEqual([...users].reverse());
    });
  });
}
