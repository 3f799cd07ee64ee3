// The delivery queue over Kysely: candidates are read, then each is claimed by an UPDATE that repeats the
// conditions (pending, due, lease free), so that of two instances claiming at once only one updates a row.
import type { Kysely, Selectable } from 'kysely';
import type { Delivery, DeliveryChannel, DeliveryState } from '../../model/notifications.js';
import type { AttemptOutcome, DeliveryQueue, NewDelivery } from '../records/deliveries.js';
import type { Database, DeliveriesTable } from '../tables.js';

export class KyselyDeliveryQueue implements DeliveryQueue {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueueDeliveries(deliveries: NewDelivery[]): Promise<number> {
    let added = 0;
    for (const d of deliveries) {
      try {
        await this.db
          .insertInto('deliveries')
          .values({
            id: d.id,
            dedup_key: d.dedupKey,
            channel: d.channel,
            webhook_id: d.webhookId,
            owner_id: d.ownerId,
            event_id: d.eventId,
            event_type: d.eventType,
            payload: d.payload,
            state: 'pending',
            attempts: 0,
            last_error: '',
            lease_holder: null,
            lease_until: null,
            last_status: null,
            finished_at: null,
            next_attempt_at: d.nextAttemptAt,
            created_at: d.createdAt,
          })
          .execute();
        added++;
      } catch (err) {
        // The key is queued already (another instance saw the same event): one delivery it stays.
        const queued = await this.db.selectFrom('deliveries').select('id').where('dedup_key', '=', d.dedupKey).executeTakeFirst();
        if (!queued) throw err;
      }
    }
    return added;
  }

  async claimDeliveries(holder: string, now: number, leaseUntil: number, limit: number): Promise<Delivery[]> {
    const candidates = await this.db
      .selectFrom('deliveries')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    const claimed: string[] = [];
    for (const { id } of candidates) {
      const result = await this.db
        .updateTable('deliveries')
        .set((eb) => ({ lease_holder: holder, lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) claimed.push(id);
    }
    if (claimed.length === 0) return [];
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', 'in', claimed)
      .where('lease_holder', '=', holder)
      .orderBy('next_attempt_at')
      .execute();
    return rows.map(toDelivery);
  }

  async finishAttempt(id: string, holder: string, outcome: AttemptOutcome, now: number): Promise<boolean> {
    const state: DeliveryState = outcome.delivered ? 'delivered' : outcome.retryAt === undefined ? 'failed' : 'pending';
    const result = await this.db
      .updateTable('deliveries')
      .set({
        state,
        lease_holder: null,
        lease_until: null,
        last_status: outcome.status,
        last_error: outcome.error.slice(0, 1024),
        next_attempt_at: outcome.retryAt ?? now,
        finished_at: state === 'pending' ? null : now,
      })
      .where('id', '=', id)
      .where('lease_holder', '=', holder)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listDeliveries(webhookId: string, limit: number): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async deleteFinishedDeliveries(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('deliveries')
      .where('state', 'in', ['delivered', 'failed'])
      .where('finished_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const toDelivery = (r: Selectable<DeliveriesTable>): Delivery => ({
  id: r.id,
  dedupKey: r.dedup_key,
  channel: r.channel as DeliveryChannel,
  webhookId: r.webhook_id,
  ownerId: r.owner_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  state: r.state as DeliveryState,
  attempts: r.attempts,
  nextAttemptAt: Number(r.next_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
});
