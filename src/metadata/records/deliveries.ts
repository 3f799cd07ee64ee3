// The delivery queue: webhook calls and emails waiting to be sent, shared by every instance on the database. A
// delivery is claimed with a lease by one conditional update, so that two instances never both send it; one
// whose instance died is claimed again once its lease runs out (at least once, never lost).
import type { Delivery } from '../../model/notifications.js';

/** A delivery as it is queued: pending, never attempted. */
export type NewDelivery = Omit<Delivery, 'state' | 'attempts' | 'lastStatus' | 'lastError' | 'finishedAt'>;

/** What became of an attempt. */
export interface AttemptOutcome {
  /** The HTTP status the receiver answered, if it answered. */
  status: number | null;
  error: string;
  /** When to try again; undefined: it was the last attempt (failed) or it succeeded (delivered). */
  retryAt?: number;
  delivered: boolean;
}

export interface DeliveryQueue {
  /** Queues the deliveries; one whose dedupKey is queued already is left as it is. How many were new. */
  enqueueDeliveries(deliveries: NewDelivery[]): Promise<number>;
  /**
   * Claims at most `limit` pending deliveries due at `now` for `holder` until `leaseUntil`, each one by a
   * conditional update: of instances claiming at once, each delivery goes to one. Counts the attempt.
   */
  claimDeliveries(holder: string, now: number, leaseUntil: number, limit: number): Promise<Delivery[]>;
  /** Records an attempt's outcome, if `holder` still holds the delivery's lease; false when it does not. */
  finishAttempt(id: string, holder: string, outcome: AttemptOutcome, now: number): Promise<boolean>;
  /** The webhook's latest deliveries, newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<Delivery[]>;
  /** Deletes the deliveries delivered or failed before `before`; how many. */
  deleteFinishedDeliveries(before: number): Promise<number>;
}
