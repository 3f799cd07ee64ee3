// Webhook records over Kysely: a webhook's events are one comma-separated column, matched whole.
import type { Kysely, Selectable } from 'kysely';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from '../../model/notifications.js';
import type { WebhookRecords } from '../records/webhooks.js';
import type { Database, WebhooksTable } from '../tables.js';

export class KyselyWebhookRecords implements WebhookRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertWebhook(webhook: Webhook): Promise<void> {
    await this.db
      .insertInto('webhooks')
      .values({
        id: webhook.id,
        user_id: webhook.userId,
        url: webhook.url,
        events: webhook.events.join(','),
        description: webhook.description,
        sealed_secret: webhook.sealedSecret,
        created_at: webhook.createdAt,
      })
      .execute();
  }

  async findWebhook(id: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toWebhook(row);
  }

  async listWebhooks(userId: string | null): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('user_id', userId === null ? 'is' : '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toWebhook);
  }

  async webhooksFor(event: WebhookEvent, userId: string | null): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)])))
      .orderBy('created_at')
      .execute();
    // The list is short (a user's few webhooks and the server's); matching here keeps the SQL free of LIKE escapes.
    return rows.map(toWebhook).filter((webhook) => webhook.events.includes(event));
  }

  async deleteWebhook(id: string, userId: string | null): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const deleted = await tx
        .deleteFrom('webhooks')
        .where('id', '=', id)
        .where('user_id', userId === null ? 'is' : '=', userId)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) return false;
      await tx.deleteFrom('deliveries').where('webhook_id', '=', id).execute();
      return true;
    });
  }
}

const KNOWN = new Set<string>(WEBHOOK_EVENTS);

const toWebhook = (r: Selectable<WebhooksTable>): Webhook => ({
  id: r.id,
  userId: r.user_id,
  url: r.url,
  // An event a later Ferry knows and this one does not is left out rather than sent in a shape no one documented.
  events: r.events.split(',').filter((e): e is WebhookEvent => KNOWN.has(e)),
  description: r.description,
  sealedSecret: r.sealed_secret,
  createdAt: Number(r.created_at),
});
