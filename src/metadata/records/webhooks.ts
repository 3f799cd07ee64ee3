// Webhook records: the endpoints users (and, server-wide, admins) register, with the events each wants.
import type { Webhook, WebhookEvent } from '../../model/notifications.js';

export interface WebhookRecords {
  insertWebhook(webhook: Webhook): Promise<void>;
  findWebhook(id: string): Promise<Webhook | undefined>;
  /** A user's webhooks, or (null) the server-wide ones, oldest first. */
  listWebhooks(userId: string | null): Promise<Webhook[]>;
  /** The webhooks told of an event of this type about `userId`'s things: theirs, and every server-wide one. */
  webhooksFor(event: WebhookEvent, userId: string | null): Promise<Webhook[]>;
  /** Deletes the webhook if it is `userId`'s (null: server-wide), with its deliveries; false when it is not. */
  deleteWebhook(id: string, userId: string | null): Promise<boolean>;
}
