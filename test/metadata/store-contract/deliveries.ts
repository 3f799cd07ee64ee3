// The delivery queue: one delivery per key, however often it is queued; each due delivery claimed by one of many
// instances at once, again once its lease runs out; an attempt's outcome recorded by the lease holder only.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import type { NewDelivery } from '../../../src/metadata/records/deliveries.js';
import { T0, type ContractContext } from './context.js';

export const DELIVERY_METHODS = [
  'enqueueDeliveries',
  'claimDeliveries',
  'finishAttempt',
  'listDeliveries',
  'deleteFinishedDeliveries',
] as const;

const aDelivery = (overrides: Partial<NewDelivery> = {}): NewDelivery => {
  const eventId = randomId(16);
  const webhookId = overrides.webhookId ?? randomId(16);
  return {
    id: randomId(16),
    dedupKey: `${webhookId}:${eventId}`,
    channel: 'webhook',
    webhookId,
    ownerId: 'local:ann',
    eventId,
    eventType: 'file.uploaded',
    payload: '{"type":"file.uploaded"}',
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
};

const delivered = { status: 200, error: '', delivered: true };

export function deliveriesContract(ctx: ContractContext): void {
  describe('deliveries', () => {
    it('are queued once per key: of twenty enqueues of one key at once, one adds it', async () => {
      const s = await ctx.fresh();
      const one = aDelivery();
      const added = await Promise.all(Array.from({ length: 20 }, () => s.enqueueDeliveries([{ ...one, id: randomId(16) }])));
      expect(added.reduce((a, b) => a + b, 0)).toBe(1);
      const [listed, ...more] = await s.listDeliveries(one.webhookId!, 10);
      expect(more).toEqual([]);
      expect(listed).toMatchObject({
        dedupKey: one.dedupKey,
        state: 'pending',
        attempts: 0,
        lastStatus: null,
        lastError: '',
        finishedAt: null,
      });
    });

    it('go each to exactly one of ten instances claiming at once, and are not claimed while leased', async () => {
      const s = await ctx.fresh();
      const queued = Array.from({ length: 12 }, () => aDelivery());
      await s.enqueueDeliveries(queued);
      const claims = [];
      // Rounds of ten claims at once, each seeing the same candidates, until every delivery is someone's.
      for (let round = 0; round < 12 && claims.length < queued.length; round++) {
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => s.claimDeliveries(`instance ${i}`, T0, T0 + 30_000, 5)));
        claims.push(...answers.flat());
      }
      const ids = claims.map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(queued.map((d) => d.id).sort());
      expect(claims.every((d) => d.attempts === 1)).toBe(true);
      expect(await s.claimDeliveries('late', T0 + 29_999, T0 + 60_000, 50)).toEqual([]);
    });

    it('are claimed again once a lease runs out (its instance died), and then only the new holder may finish them', async () => {
      const s = await ctx.fresh();
      const d = aDelivery();
      await s.enqueueDeliveries([d]);
      expect(await s.claimDeliveries('dead', T0, T0 + 1000, 10)).toHaveLength(1);
      const [again] = await s.claimDeliveries('alive', T0 + 1000, T0 + 2000, 10);
      expect(again).toMatchObject({ id: d.id, attempts: 2 });
      expect(await s.finishAttempt(d.id, 'dead', delivered, T0 + 1500)).toBe(false);
      expect(await s.finishAttempt(d.id, 'alive', delivered, T0 + 1500)).toBe(true);
      expect(await s.finishAttempt(d.id, 'alive', delivered, T0 + 1500)).toBe(false);
      expect(await s.claimDeliveries('any', T0 + 10_000, T0 + 20_000, 10)).toEqual([]);
      expect((await s.listDeliveries(d.webhookId!, 1))[0]).toMatchObject({ state: 'delivered', lastStatus: 200, finishedAt: T0 + 1500 });
    });

    it('wait for their retry time after a failed attempt, and fail for good after the last one', async () => {
      const s = await ctx.fresh();
      const d = aDelivery();
      await s.enqueueDeliveries([d]);
      await s.claimDeliveries('me', T0, T0 + 1000, 10);
      expect(await s.finishAttempt(d.id, 'me', { status: 500, error: 'HTTP 500', retryAt: T0 + 5000, delivered: false }, T0)).toBe(true);
      expect(await s.claimDeliveries('me', T0 + 4999, T0 + 9000, 10)).toEqual([]);
      expect(await s.claimDeliveries('me', T0 + 5000, T0 + 9000, 10)).toHaveLength(1);
      expect(await s.finishAttempt(d.id, 'me', { status: null, error: 'refused', delivered: false }, T0 + 5000)).toBe(true);
      const [failed] = await s.listDeliveries(d.webhookId!, 10);
      expect(failed).toMatchObject({ state: 'failed', attempts: 2, lastStatus: null, lastError: 'refused', finishedAt: T0 + 5000 });
      expect(await s.claimDeliveries('me', T0 + 10 ** 9, T0 + 10 ** 9, 10)).toEqual([]);
    });

    it('are listed per webhook, newest first, up to the limit; finished ones deleted once old, pending ones kept', async () => {
      const s = await ctx.fresh();
      const webhookId = randomId(16);
      const [old, mid, pending] = [0, 1, 2].map((i) => aDelivery({ webhookId, createdAt: T0 + i, nextAttemptAt: T0 + i }));
      await s.enqueueDeliveries([old!, mid!, pending!, aDelivery({ nextAttemptAt: T0 + 3 })]);
      expect((await s.listDeliveries(webhookId, 2)).map((d) => d.id)).toEqual([pending!.id, mid!.id]);
      expect((await s.claimDeliveries('me', T0 + 1, T0 + 1000, 10)).map((d) => d.id)).toEqual([old!.id, mid!.id]);
      await s.finishAttempt(old!.id, 'me', delivered, T0 + 10);
      await s.finishAttempt(mid!.id, 'me', { status: 410, error: 'gone', delivered: false }, T0 + 20);
      expect(await s.deleteFinishedDeliveries(T0 + 20)).toBe(1);
      expect((await s.listDeliveries(webhookId, 10)).map((d) => d.id)).toEqual([pending!.id, mid!.id]);
    });
  });
}
