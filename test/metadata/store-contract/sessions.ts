// Session records: found by the hash of their id until they expire, ended one at a time, all of a user's but one,
// or all expired ones.
import { describe, expect, it } from 'vitest';
import { aSession, aUser, T0, type ContractContext } from './context.js';

export const SESSION_METHODS = ['insertSession', 'findSession', 'deleteSession', 'deleteSessionsOf', 'deleteExpiredSessions'] as const;

export function sessionsContract(ctx: ContractContext): void {
  describe('sessions', () => {
    it('gives back a session by the hash of its id until `now` reaches its expiry', async () => {
      const s = ctx.store();
      const session = aSession(aUser(), { expireAt: T0 + 1000 });
      await s.insertSession(session);
      expect(await s.findSession(session.idHash, T0 + 999)).toEqual(session);
      expect(await s.findSession(session.idHash, T0 + 1000)).toBeUndefined();
      expect(await s.findSession(aSession(aUser()).idHash, T0)).toBeUndefined();
    });

    it('ends one session, leaving the others', async () => {
      const s = ctx.store();
      const user = aUser();
      const [ended, kept] = [aSession(user), aSession(user)];
      await s.insertSession(ended);
      await s.insertSession(kept);
      await s.deleteSession(ended.idHash);
      expect(await s.findSession(ended.idHash, T0)).toBeUndefined();
      expect(await s.findSession(kept.idHash, T0)).toEqual(kept);
    });

    it("ends every session of a user but the one named, says how many, and no one else's", async () => {
      const s = ctx.store();
      const [user, other] = [aUser(), aUser()];
      const [current, a, b] = [aSession(user), aSession(user), aSession(user)];
      const theirs = aSession(other);
      for (const session of [current, a, b, theirs]) await s.insertSession(session);
      expect(await s.deleteSessionsOf(user.id, current.idHash)).toBe(2);
      expect(await s.findSession(current.idHash, T0)).toEqual(current);
      expect(await s.findSession(a.idHash, T0)).toBeUndefined();
      expect(await s.deleteSessionsOf(user.id)).toBe(1);
      expect(await s.findSession(current.idHash, T0)).toBeUndefined();
      expect(await s.findSession(theirs.idHash, T0)).toEqual(theirs);
      expect(await s.deleteSessionsOf(user.id)).toBe(0);
    });

    it('ends the sessions expired at `now`, and those only', async () => {
      const s = ctx.store();
      const user = aUser();
      const [expired, live] = [aSession(user, { expireAt: T0 - 10 ** 9 }), aSession(user, { expireAt: T0 - 10 ** 9 + 1 })];
      await s.insertSession(expired);
      await s.insertSession(live);
      await s.deleteExpiredSessions(T0 - 10 ** 9);
      // Looked for at an earlier `now`: only deleted rows are gone, not merely expired ones.
      expect(await s.findSession(expired.idHash, T0 - 2 * 10 ** 9)).toBeUndefined();
      expect(await s.findSession(live.idHash, T0 - 2 * 10 ** 9)).toEqual(live);
    });
  });
}
