// Passkeys: a credential id belongs to one passkey (of parallel inserts, one is stored), each user sees and changes
// only their own, the counter only moves forwards (of parallel uses with the same count, one is recorded), and a
// challenge is taken once, for its purpose and user, before it expires.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import type { Passkey } from '../../../src/metadata/records/passkeys.js';
import { T0, type ContractContext } from './context.js';

export const PASSKEY_METHODS = [
  'insertPasskey',
  'findPasskeyByCredential',
  'listPasskeys',
  'renamePasskey',
  'deletePasskey',
  'recordPasskeyUse',
  'insertPasskeyChallenge',
  'takePasskeyChallenge',
] as const;

const aPasskey = (userId: string, counter = 0, credentialId = randomId(64)): Passkey => ({
  id: randomId(16),
  userId,
  name: 'laptop',
  credentialId,
  publicKey: randomId(100),
  counter,
  transports: ['internal', 'hybrid'],
  createdAt: T0,
  lastUsedAt: null,
});

export function passkeysContract(ctx: ContractContext): void {
  describe('passkeys', () => {
    it('keep a credential id unique: of five inserts at once, one is stored', async () => {
      const s = ctx.store();
      const credentialId = randomId(900);
      const tries = Array.from({ length: 5 }, (_, i) => aPasskey(`local:user-${i}-${randomId(8)}`, 0, credentialId));
      const stored = await Promise.all(tries.map((p) => s.insertPasskey(p)));
      expect(stored.filter(Boolean)).toHaveLength(1);
      const winner = tries[stored.indexOf(true)]!;
      expect(await s.findPasskeyByCredential(credentialId)).toEqual(winner);
      expect(await s.findPasskeyByCredential(randomId(64))).toBeUndefined();
    });

    it('are listed, renamed and deleted by their owner only', async () => {
      const s = ctx.store();
      const [alice, bob] = [`local:alice-${randomId(8)}`, `local:bob-${randomId(8)}`];
      const first = aPasskey(alice);
      const second = { ...aPasskey(alice), createdAt: T0 + 1 };
      const bobs = aPasskey(bob);
      for (const p of [second, first, bobs]) await s.insertPasskey(p);
      expect((await s.listPasskeys(alice)).map((p) => p.id)).toEqual([first.id, second.id]);
      expect(await s.renamePasskey(bob, first.id, 'stolen')).toBe(false);
      expect(await s.renamePasskey(alice, first.id, 'phone')).toBe(true);
      expect(await s.deletePasskey(bob, second.id)).toBe(false);
      expect(await s.deletePasskey(alice, second.id)).toBe(true);
      expect(await s.deletePasskey(alice, second.id)).toBe(false);
      expect(await s.listPasskeys(alice)).toEqual([{ ...first, name: 'phone' }]);
      expect(await s.listPasskeys(bob)).toEqual([bobs]);
    });

    it('move the counter only forwards: of five uses with the same count, one is recorded', async () => {
      const s = ctx.store();
      const counted = aPasskey(`local:user-${randomId(8)}`, 5);
      await s.insertPasskey(counted);
      expect(await s.recordPasskeyUse(counted.id, 5, T0)).toBe(false);
      expect(await s.recordPasskeyUse(counted.id, 4, T0)).toBe(false);
      expect(await s.recordPasskeyUse(counted.id, 0, T0)).toBe(false);
      const uses = await Promise.all(Array.from({ length: 5 }, () => s.recordPasskeyUse(counted.id, 6, T0 + 7)));
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect(await s.findPasskeyByCredential(counted.credentialId)).toMatchObject({ counter: 6, lastUsedAt: T0 + 7 });

      // An authenticator that keeps no counter says 0 every time, until it starts counting.
      const uncounted = aPasskey(`local:user-${randomId(8)}`, 0);
      await s.insertPasskey(uncounted);
      expect(await s.recordPasskeyUse(uncounted.id, 0, T0)).toBe(true);
      expect(await s.recordPasskeyUse(uncounted.id, 0, T0)).toBe(true);
      expect(await s.recordPasskeyUse(uncounted.id, 1, T0)).toBe(true);
      expect(await s.recordPasskeyUse(uncounted.id, 0, T0)).toBe(false);
    });

    it('take a challenge once, by one of ten at once, only for its purpose and user, and not once expired', async () => {
      const s = ctx.store();
      const user = `local:user-${randomId(8)}`;
      const signIn = { challengeHash: randomId(64), purpose: 'sign-in' as const, userId: null };
      const register = { challengeHash: randomId(64), purpose: 'register' as const, userId: user };
      const expired = { challengeHash: randomId(64), purpose: 'sign-in' as const, userId: null };
      await s.insertPasskeyChallenge({ ...signIn, expireAt: T0 + 300_000 }, T0);
      await s.insertPasskeyChallenge({ ...register, expireAt: T0 + 300_000 }, T0);
      await s.insertPasskeyChallenge({ ...expired, expireAt: T0 + 10 }, T0);
      expect(await s.takePasskeyChallenge(expired, T0 + 10)).toBe(false);
      expect(await s.takePasskeyChallenge({ ...signIn, purpose: 'register', userId: user }, T0)).toBe(false);
      expect(await s.takePasskeyChallenge({ ...register, userId: `local:other-${randomId(8)}` }, T0)).toBe(false);
      expect(await s.takePasskeyChallenge({ ...register, purpose: 'sign-in', userId: null }, T0)).toBe(false);
      const takes = await Promise.all(Array.from({ length: 10 }, () => s.takePasskeyChallenge(signIn, T0)));
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await s.takePasskeyChallenge(register, T0)).toBe(true);
      expect(await s.takePasskeyChallenge(register, T0)).toBe(false);
    });
  });
}
