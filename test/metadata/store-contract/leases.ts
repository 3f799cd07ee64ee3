// Leases: one holder at a time per name, until the lease runs out or its holder gives it up; the way several
// instances on one database let one of them run a job.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { T0, trues, type ContractContext } from './context.js';

export const LEASE_METHODS = ['takeLease', 'releaseLease'] as const;

const aName = () => `job-${randomUUID().slice(0, 8)}`;

export function leasesContract(ctx: ContractContext): void {
  describe('leases', () => {
    it('go to exactly one of many holders asking at once', async () => {
      const s = ctx.store();
      const name = aName();
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => s.takeLease(name, `holder ${i}`, T0, T0 + 60_000)));
      expect(trues(taken)).toBe(1);
    });

    it('go to exactly one of many holders taking over an expired lease at once', async () => {
      const s = ctx.store();
      const name = aName();
      expect(await s.takeLease(name, 'gone', T0, T0 + 1000)).toBe(true);
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => s.takeLease(name, `holder ${i}`, T0 + 1000, T0 + 60_000)));
      expect(trues(taken)).toBe(1);
    });

    it('are renewed by their holder, refused to others until they run out, then taken over', async () => {
      const s = ctx.store();
      const name = aName();
      expect(await s.takeLease(name, 'first', T0, T0 + 1000)).toBe(true);
      expect(await s.takeLease(name, 'first', T0, T0 + 1000)).toBe(true);
      expect(await s.takeLease(name, 'second', T0 + 999, T0 + 2000)).toBe(false);
      expect(await s.takeLease(name, 'second', T0 + 1000, T0 + 2000)).toBe(true);
      expect(await s.takeLease(name, 'first', T0 + 1500, T0 + 3000)).toBe(false);
      // Another name is another lease.
      expect(await s.takeLease(aName(), 'first', T0 + 1500, T0 + 3000)).toBe(true);
    });

    it('are given up only by their holder', async () => {
      const s = ctx.store();
      const name = aName();
      expect(await s.takeLease(name, 'owner', T0, T0 + 60_000)).toBe(true);
      await s.releaseLease(name, 'someone else');
      expect(await s.takeLease(name, 'someone else', T0, T0 + 60_000)).toBe(false);
      await s.releaseLease(name, 'owner');
      expect(await s.takeLease(name, 'someone else', T0, T0 + 60_000)).toBe(true);
      await s.releaseLease(aName(), 'nobody');
    });
  });
}
