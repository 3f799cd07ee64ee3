// Password resets: a token taken once, before it expires; of parallel uses, one gets the user.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import { T0, type ContractContext } from './context.js';

export const PASSWORD_RESET_METHODS = ['insertPasswordReset', 'takePasswordReset', 'deletePasswordResets'] as const;

const aReset = (userId = `local:user-${randomId(8)}`, expireAt = T0 + 3_600_000) => ({
  tokenHash: randomId(64),
  userId,
  createdAt: T0,
  expireAt,
});

export function passwordResetsContract(ctx: ContractContext): void {
  describe('password resets', () => {
    it('are taken once, by one of ten uses at once, and not once expired', async () => {
      const s = ctx.store();
      const reset = aReset();
      const expired = aReset();
      await s.insertPasswordReset(reset);
      await s.insertPasswordReset(expired);
      expect(await s.takePasswordReset(expired.tokenHash, expired.expireAt)).toBeUndefined();
      const uses = await Promise.all(Array.from({ length: 10 }, () => s.takePasswordReset(reset.tokenHash, T0)));
      expect(uses.filter((u) => u === reset.userId)).toHaveLength(1);
      expect(uses.filter((u) => u === undefined)).toHaveLength(9);
      expect(await s.takePasswordReset(randomId(64), T0)).toBeUndefined();
    });

    it('are deleted by user, or when expired at `now`', async () => {
      const s = ctx.store();
      const user = `local:user-${randomId(8)}`;
      const [a, b] = [aReset(user), aReset(user)];
      const [old, live] = [aReset(undefined, T0 - 10 ** 9), aReset(undefined, T0 - 10 ** 9 + 1)];
      for (const r of [a, b, old, live]) await s.insertPasswordReset(r);
      await s.deletePasswordResets({ userId: user });
      await s.deletePasswordResets({ expiredAt: T0 - 10 ** 9 });
      expect(await s.takePasswordReset(a.tokenHash, T0)).toBeUndefined();
      expect(await s.takePasswordReset(b.tokenHash, T0)).toBeUndefined();
      expect(await s.takePasswordReset(old.tokenHash, T0 - 2 * 10 ** 9)).toBeUndefined();
      expect(await s.takePasswordReset(live.tokenHash, T0 - 2 * 10 ** 9)).toBe(live.userId);
    });
  });
}
