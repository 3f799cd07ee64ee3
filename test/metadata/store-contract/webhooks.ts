// Webhook records: a user's and the server-wide ones, found by the events they want; deleted only by their owner,
// with their deliveries.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import type { Webhook } from '../../../src/model/notifications.js';
import { T0, type ContractContext } from './context.js';

export const WEBHOOK_METHODS = ['insertWebhook', 'findWebhook', 'listWebhooks', 'webhooksFor', 'deleteWebhook'] as const;

export const aWebhook = (overrides: Partial<Webhook> = {}): Webhook => ({
  id: randomId(16),
  userId: `local:user-${randomId(8)}`,
  url: 'https://hooks.example.org/ferry',
  events: ['file.uploaded', 'file.downloaded'],
  description: 'CI',
  sealedSecret: randomId(40),
  createdAt: T0,
  ...overrides,
});

export function webhooksContract(ctx: ContractContext): void {
  describe('webhooks', () => {
    it('are listed by owner (null: server-wide) and found by id, events and all', async () => {
      const s = await ctx.fresh();
      const mine = aWebhook();
      const later = aWebhook({ userId: mine.userId, createdAt: T0 + 1, events: ['quota.near'] });
      const server = aWebhook({ userId: null, events: ['upload.created'] });
      for (const w of [later, server, mine]) await s.insertWebhook(w);
      expect(await s.listWebhooks(mine.userId)).toEqual([mine, later]);
      expect(await s.listWebhooks(null)).toEqual([server]);
      expect(await s.findWebhook(later.id)).toEqual(later);
      expect(await s.findWebhook(randomId(16))).toBeUndefined();
    });

    it("for an event about a user's things: theirs that want it and the server-wide ones that want it", async () => {
      const s = await ctx.fresh();
      const wants = aWebhook({ events: ['file.uploaded'] });
      const other = aWebhook({ userId: wants.userId, events: ['upload.deleted'] });
      const someoneElse = aWebhook({ events: ['file.uploaded'] });
      const server = aWebhook({ userId: null, events: ['file.uploaded', 'upload.deleted'] });
      for (const w of [wants, other, someoneElse, server]) await s.insertWebhook(w);
      const ids = async (...args: Parameters<typeof s.webhooksFor>) => (await s.webhooksFor(...args)).map((w) => w.id).sort();
      expect(await ids('file.uploaded', wants.userId)).toEqual([wants.id, server.id].sort());
      expect(await ids('upload.deleted', null)).toEqual([server.id]);
      expect(await ids('quota.near', wants.userId)).toEqual([]);
    });

    it('are deleted by their owner only, their deliveries with them', async () => {
      const s = ctx.store();
      const webhook = aWebhook();
      await s.insertWebhook(webhook);
      await s.enqueueDeliveries([
        {
          id: randomId(16),
          dedupKey: `${webhook.id}:e1`,
          channel: 'webhook',
          webhookId: webhook.id,
          ownerId: webhook.userId,
          eventId: 'e1',
          eventType: 'file.uploaded',
          payload: '{}',
          nextAttemptAt: T0,
          createdAt: T0,
        },
      ]);
      expect(await s.deleteWebhook(webhook.id, 'local:someone-else')).toBe(false);
      expect(await s.deleteWebhook(webhook.id, null)).toBe(false);
      expect(await s.deleteWebhook(webhook.id, webhook.userId)).toBe(true);
      expect(await s.findWebhook(webhook.id)).toBeUndefined();
      expect(await s.listDeliveries(webhook.id, 10)).toEqual([]);
      expect(await s.deleteWebhook(webhook.id, webhook.userId)).toBe(false);
    });
  });
}
