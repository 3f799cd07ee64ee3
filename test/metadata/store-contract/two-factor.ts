// Two-factor records: enrolment begun, replaced, confirmed once; a time step, a recovery code and a challenge each
// taken once, by one of ten uses at once; everything of a user's removed together.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import { T0, type ContractContext } from './context.js';

export const TWO_FACTOR_METHODS = [
  'findTwoFactor',
  'twoFactorUsers',
  'beginTwoFactor',
  'confirmTwoFactor',
  'takeTwoFactorStep',
  'takeRecoveryCode',
  'countRecoveryCodes',
  'deleteTwoFactor',
  'insertTwoFactorChallenge',
  'findTwoFactorChallenge',
  'takeTwoFactorChallenge',
  'deleteExpiredTwoFactorChallenges',
] as const;

const aUser = () => `local:user-${randomId(8)}`;
const tenAtOnce = <T>(use: () => Promise<T>) => Promise.all(Array.from({ length: 10 }, use));

export function twoFactorContract(ctx: ContractContext): void {
  describe('two-factor', () => {
    it('is begun (again while waiting), confirmed once with its codes, and not begun once confirmed', async () => {
      const s = ctx.store();
      const user = aUser();
      expect(await s.beginTwoFactor(user, 'v1.first', T0)).toBe(true);
      expect(await s.beginTwoFactor(user, 'v1.second', T0 + 1)).toBe(true);
      expect(await s.findTwoFactor(user)).toEqual({
        userId: user,
        sealedSecret: 'v1.second',
        confirmedAt: null,
        lastStep: 0,
        createdAt: T0 + 1,
      });
      expect(await s.twoFactorUsers([user])).toEqual(new Set());
      const hashes = [randomId(64), randomId(64)];
      const confirms = await tenAtOnce(() => s.confirmTwoFactor(user, 1000, hashes, T0 + 2));
      expect(confirms.filter(Boolean)).toHaveLength(1);
      expect(await s.findTwoFactor(user)).toMatchObject({ confirmedAt: T0 + 2, lastStep: 1000 });
      expect(await s.twoFactorUsers([user, aUser()])).toEqual(new Set([user]));
      expect(await s.twoFactorUsers([])).toEqual(new Set());
      expect(await s.countRecoveryCodes(user)).toBe(2);
      expect(await s.beginTwoFactor(user, 'v1.third', T0 + 3)).toBe(false);
      expect(await s.confirmTwoFactor(aUser(), 1, [], T0)).toBe(false);
    });

    it('takes a time step once, and only one later than the last', async () => {
      const s = ctx.store();
      const user = aUser();
      await s.beginTwoFactor(user, 'v1.x', T0);
      expect(await s.takeTwoFactorStep(user, 5)).toBe(false);
      await s.confirmTwoFactor(user, 10, [randomId(64)], T0);
      expect(await s.takeTwoFactorStep(user, 10)).toBe(false);
      expect(await s.takeTwoFactorStep(user, 9)).toBe(false);
      expect((await tenAtOnce(() => s.takeTwoFactorStep(user, 11))).filter(Boolean)).toHaveLength(1);
      expect((await s.findTwoFactor(user))?.lastStep).toBe(11);
    });

    it('takes a recovery code once, its own user only, and removes all of a user at once', async () => {
      const s = ctx.store();
      const [user, other] = [aUser(), aUser()];
      const code = randomId(64);
      await s.beginTwoFactor(user, 'v1.x', T0);
      await s.confirmTwoFactor(user, 1, [code, randomId(64)], T0);
      expect(await s.takeRecoveryCode(other, code)).toBe(false);
      expect((await tenAtOnce(() => s.takeRecoveryCode(user, code))).filter(Boolean)).toHaveLength(1);
      expect(await s.countRecoveryCodes(user)).toBe(1);
      const challenge = { tokenHash: randomId(64), userId: user, purpose: 'verify' as const, expireAt: T0 + 1000 };
      await s.insertTwoFactorChallenge(challenge);
      expect(await s.deleteTwoFactor(user)).toBe(true);
      expect(await s.findTwoFactor(user)).toBeUndefined();
      expect(await s.countRecoveryCodes(user)).toBe(0);
      expect(await s.findTwoFactorChallenge(challenge.tokenHash, T0)).toBeUndefined();
      expect(await s.deleteTwoFactor(user)).toBe(false);
    });

    it('finds a challenge until it expires, takes it once, and deletes the expired ones', async () => {
      const s = ctx.store();
      const challenge = { tokenHash: randomId(64), userId: aUser(), purpose: 'enrol' as const, expireAt: T0 + 1000 };
      const old = { ...challenge, tokenHash: randomId(64), expireAt: T0 - 10 ** 9 };
      await s.insertTwoFactorChallenge(challenge);
      await s.insertTwoFactorChallenge(old);
      expect(await s.findTwoFactorChallenge(challenge.tokenHash, T0)).toEqual(challenge);
      expect(await s.findTwoFactorChallenge(challenge.tokenHash, T0 + 1000)).toBeUndefined();
      expect(await s.takeTwoFactorChallenge(challenge.tokenHash, T0 + 1000)).toBe(false);
      await s.deleteExpiredTwoFactorChallenges(T0 - 10 ** 9);
      expect(await s.findTwoFactorChallenge(old.tokenHash, T0 - 2 * 10 ** 9)).toBeUndefined();
      expect((await tenAtOnce(() => s.takeTwoFactorChallenge(challenge.tokenHash, T0))).filter(Boolean)).toHaveLength(1);
    });
  });
}
