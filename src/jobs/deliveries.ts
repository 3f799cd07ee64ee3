// Sends what the delivery queue holds: claims due deliveries with a lease (one instance each, whatever the number
// of instances on the database), calls the webhook or sends the email, and records the outcome: delivered, or
// tried again after twice the last wait, until WebhookMaxAttempts. A delivery whose instance died mid-send is
// claimed again once its lease runs out: at least once, and the receiver tells repeats by the event id.
import { randomUUID } from 'node:crypto';
import type { EventSink } from '../domain/events.js';
import type { MailMessage } from '../domain/mail-messages.js';
import type { SecretBox } from '../domain/sealed-secrets.js';
import type { MetadataStore } from '../metadata/store.js';
import type { AttemptOutcome } from '../metadata/records/deliveries.js';
import type { Delivery } from '../model/notifications.js';
import type { SendMail } from './mail-transport.js';
import { callWebhook, type CallResult } from './webhook-call.js';

/** Deliveries claimed at a time, and sent at once. */
const BATCH = 10;
/** How long a claim lasts: longer than a call's timeout, so that a slow receiver's call is not sent twice. */
const LEASE_MS = 60_000;
/** How often the queue is looked at when nothing wakes it (deliveries queued by another instance, retries). */
const POLL_MS = 1000;
/** The longest wait between two attempts. */
const MAX_WAIT_MS = 6 * 3600 * 1000;
/** How long the log keeps a finished delivery. */
const KEPT_MS = 7 * 24 * 3600 * 1000;

export interface DeliveryOptions {
  box: SecretBox | undefined;
  /** undefined: no SMTP server; emails are not queued then. */
  sendMail: SendMail | undefined;
  allowPrivate: boolean;
  maxAttempts: number;
  retryDelayMs: number;
}

type QueueStore = Pick<
  MetadataStore,
  'claimDeliveries' | 'finishAttempt' | 'findWebhook' | 'deleteFinishedDeliveries' | 'deletePasswordResets'
>;

export class DeliveryWorker {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastTidy = 0;

  constructor(
    private readonly metadata: QueueStore,
    private readonly options: DeliveryOptions,
    private readonly log: EventSink,
  ) {}

  /** Polls the queue until stopped; the stop waits for the sends under way. */
  start(): () => Promise<void> {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
    return async () => {
      clearInterval(this.timer);
      this.timer = undefined;
      await this.running;
    };
  }

  /** Looks at the queue now (deliveries were queued); a round under way is followed by another. */
  wake = (): void => {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log.info({ event: 'deliveries.failed', error: (err as Error).message }, 'delivery queue failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  };

  /** Rounds of claims until none is due. */
  private async drain(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const claimed = await this.metadata.claimDeliveries(this.holder, now, now + LEASE_MS, BATCH);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      if (!this.timer) return;
    }
    await this.tidy();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const result = await this.send(delivery).catch((err: unknown): CallResult => ({ status: null, error: (err as Error).message }));
    const delivered = result.error === '';
    const last = delivery.attempts >= this.options.maxAttempts;
    const wait = Math.min(MAX_WAIT_MS, this.options.retryDelayMs * 2 ** (delivery.attempts - 1));
    const outcome: AttemptOutcome = { ...result, delivered, retryAt: delivered || last ? undefined : Date.now() + wait };
    if (!delivered) {
      // Neither the body nor the address of an email, which may carry a reset link: the delivery's id says which.
      const fields = {
        event: 'delivery.failed',
        delivery: delivery.id,
        channel: delivery.channel,
        attempt: delivery.attempts,
        error: result.error,
      };
      this.log.info(fields, 'delivery failed');
    }
    if (!(await this.metadata.finishAttempt(delivery.id, this.holder, outcome, Date.now()))) {
      this.log.info({ event: 'delivery.lease_lost', delivery: delivery.id }, 'delivery lease lost before its outcome was recorded');
    }
  }

  private async send(delivery: Delivery): Promise<CallResult> {
    const box = this.options.box;
    if (!box) return { status: null, error: 'the server has no EncryptionKey to open the secret with' };
    if (delivery.channel === 'email') {
      if (!this.options.sendMail) return { status: null, error: 'no SMTP server is configured' };
      await this.options.sendMail(JSON.parse(box.open(delivery.payload)) as MailMessage);
      return { status: null, error: '' };
    }
    const webhook = delivery.webhookId ? await this.metadata.findWebhook(delivery.webhookId) : undefined;
    if (!webhook) return { status: null, error: 'the webhook was deleted' };
    const call = { url: webhook.url, secret: box.open(webhook.sealedSecret), eventId: delivery.eventId, eventType: delivery.eventType };
    return callWebhook({ ...call, body: delivery.payload }, this.options.allowPrivate);
  }

  /** Once an hour: the log forgets old deliveries, and expired reset links go. */
  private async tidy(): Promise<void> {
    const now = Date.now();
    if (now - this.lastTidy < 3600_000) return;
    this.lastTidy = now;
    await this.metadata.deleteFinishedDeliveries(now - KEPT_MS);
    await this.metadata.deletePasswordResets({ expiredAt: now });
  }
}
