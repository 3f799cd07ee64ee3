// What webhooks can be told of, and the deliveries that carry it: shared by the domain, the stores and the wire.

/** The event types a webhook may ask for; their payloads are described in docs/notifications.md. */
export const WEBHOOK_EVENTS = [
  'upload.created',
  'file.uploaded',
  'file.downloaded',
  'upload.expired',
  'upload.deleted',
  'request.received',
  'quota.near',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The type of the test call a user sends from the account page, whatever events the webhook wants. */
export const TEST_EVENT = 'webhook.test';

export interface Webhook {
  id: string;
  /** null: a server-wide webhook (an admin's), told of every user's events. */
  userId: string | null;
  url: string;
  events: WebhookEvent[];
  description: string;
  /** The signing secret, sealed with the server's key. */
  sealedSecret: string;
  createdAt: number;
}

export type DeliveryChannel = 'webhook' | 'email';
/** pending: to be sent (again) at nextAttemptAt; delivered; failed: given up after the last attempt. */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  /** One delivery per key: `<webhook id>:<event id>`, or an email's own. */
  dedupKey: string;
  channel: DeliveryChannel;
  webhookId: string | null;
  ownerId: string | null;
  /** The idempotency key a receiver sees: the same on every attempt. */
  eventId: string;
  eventType: string;
  /** A webhook's JSON body; an email, sealed. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string;
  createdAt: number;
  finishedAt: number | null;
}
