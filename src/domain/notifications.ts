// Turns what happens (the domain's events) into deliveries in the metadata store's queue: a call to each webhook
// that wants the event, an email to the owner of an upload who asked for one. The queue's worker
// (jobs/deliveries.ts) sends them, on whichever instance claims them first.
import { createHash } from 'node:crypto';
import type { MetadataStore } from '../metadata/store.js';
import type { NewDelivery } from '../metadata/records/deliveries.js';
import { randomId } from '../model/ids.js';
import type { Webhook, WebhookEvent } from '../model/notifications.js';
import type { FerryEvent, EventSink } from './events.js';
import { limitsFor } from './limits.js';
import { fileDownloadedMail, requestFileArrivedMail, type MailMessage } from './mail-messages.js';
import type { UploadRules } from './rules.js';
import type { SecretBox } from './sealed-secrets.js';

/** What a webhook's body says: the same shape for every event type (docs/notifications.md). */
export interface WebhookBody {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** The share of a user's quota past which `quota.near` is sent, once a day at most. */
export const QUOTA_NEAR = 0.9;

export interface NotificationOptions {
  /** Seals queued emails; absent without EncryptionKey (no emails then). */
  box: SecretBox | undefined;
  /** Whether an SMTP server is configured. */
  mail: boolean;
  rules: UploadRules;
  /** The web app's address (PlikDomain and Path), for links in emails sent without a request; '' when unknown. */
  webBase: string;
  /** Told that deliveries were queued, so that the worker need not wait for its next round. */
  queued: () => void;
}

type NotifierStore = Pick<
  MetadataStore,
  | 'webhooksFor'
  | 'enqueueDeliveries'
  | 'findLiveUpload'
  | 'findFile'
  | 'findUser'
  | 'downloadNotificationOf'
  | 'uploadStats'
  | 'findFileRequest'
>;

export class Notifications {
  constructor(
    private readonly metadata: NotifierStore,
    private readonly options: NotificationOptions,
    private readonly log: EventSink,
  ) {}

  /** Whether emails can be sent (SMTP and a key to seal them with). */
  get mailEnabled(): boolean {
    return this.options.mail && this.options.box !== undefined;
  }

  /** Events.observe: queues what the event calls for, in the background; a failure is logged, never thrown. */
  observe = (event: FerryEvent): void => {
    this.onEvent(event).catch((err: unknown) =>
      this.log.info({ event: 'notifications.not_queued', cause: event.event, error: (err as Error).message }, 'notifications not queued'),
    );
  };

  private async onEvent(event: FerryEvent): Promise<void> {
    switch (event.event) {
      case 'upload.created':
        return this.publish('upload.created', event.userId, dataOf(event));
      case 'upload.deleted':
        return this.publish('upload.deleted', event.userId, dataOf(event));
      case 'file.uploaded': {
        const owner = await this.ownerOf(event.uploadId);
        await this.publish('file.uploaded', owner, { ...dataOf(event), userId: owner });
        if (owner) await this.checkQuota(owner);
        return;
      }
      case 'file.downloaded': {
        // A part of a file (a Range) is not a download anyone wants to hear of each time.
        if (event.partial) return;
        const owner = await this.ownerOf(event.uploadId);
        await this.publish('file.downloaded', owner, { ...dataOf(event), userId: owner });
        await this.emailDownload(event);
        return;
      }
      case 'request.received': {
        const request = await this.metadata.findFileRequest(event.requestId);
        const link = this.options.webBase && `${this.options.webBase}/d?id=${event.uploadId}`;
        const { requestId, uploadId, fileId, name: fileName, size } = event;
        // The sender's name stays out of events (logs); the email says "Someone", the account page who.
        await this.requestReceived(
          event.userId,
          { requestId, title: request?.title ?? '', uploadId, fileId, fileName, size, from: '' },
          link,
        );
        return;
      }
    }
  }

  /** An upload the cleanup is about to purge because it expired (its rows still there). */
  async uploadExpired(uploadId: string): Promise<void> {
    // As of its creation: live then, whatever its expiry; a deleted upload is not an expired one.
    const upload = await this.metadata.findLiveUpload(uploadId, 0);
    // One id per upload: a sweep run again after a failure queues no second call.
    if (upload) await this.publish('upload.expired', upload.userId, { uploadId, userId: upload.userId }, `evt_expired_${uploadId}`);
  }

  /** A file arrived through one of `userId`'s file requests: the webhooks, and an email to them. */
  async requestReceived(
    userId: string,
    request: { requestId: string; title: string; uploadId: string; fileId: string; fileName: string; size: number; from: string },
    link: string,
  ): Promise<void> {
    const { title: _title, from: _from, ...data } = request;
    await this.publish('request.received', userId, { ...data, userId });
    const user = await this.metadata.findUser(userId);
    if (user?.email)
      await this.email([user.email], requestFileArrivedMail(user.language, request, link), `request:${request.uploadId}:${request.fileId}`);
  }

  /**
   * Queues a call to each webhook told of `type` events about `userId`'s things (theirs, and the server-wide
   * ones). `eventId` makes a repeated event one delivery; a new one by default.
   */
  async publish(type: WebhookEvent, userId: string | null, data: Record<string, unknown>, eventId = newEventId()): Promise<void> {
    const webhooks = await this.metadata.webhooksFor(type, userId);
    await this.enqueue(webhooks.map((webhook) => deliveryTo(webhook, type, data, eventId)));
  }

  /** Queues a call of this event to one webhook (a test); its event id. */
  async publishTo(webhook: Webhook, type: string, data: Record<string, unknown>): Promise<string> {
    const eventId = newEventId();
    await this.enqueue([deliveryTo(webhook, type, data, eventId)]);
    return eventId;
  }

  /** Queues an email, sealed (it may carry a reset link); `key` makes a repeated one a single email. */
  async email(to: string[], message: Omit<MailMessage, 'to'>, key = randomId(24)): Promise<void> {
    const box = this.options.box;
    if (!this.options.mail || !box) return;
    const now = Date.now();
    const eventId = `mail_${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    await this.enqueue([
      {
        id: randomId(24),
        dedupKey: eventId,
        channel: 'email',
        webhookId: null,
        ownerId: null,
        eventId,
        eventType: 'email',
        payload: box.seal(JSON.stringify({ ...message, to } satisfies MailMessage)),
        nextAttemptAt: now,
        createdAt: now,
      },
    ]);
  }

  private async enqueue(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length > 0 && (await this.metadata.enqueueDeliveries(deliveries)) > 0) this.options.queued();
  }

  private async ownerOf(uploadId: string): Promise<string | null> {
    return (await this.metadata.findLiveUpload(uploadId, 0))?.userId ?? null;
  }

  private async emailDownload(event: Extract<FerryEvent, { event: 'file.downloaded' }>): Promise<void> {
    const owner = await this.metadata.downloadNotificationOf(event.uploadId);
    const user = owner ? await this.metadata.findUser(owner) : undefined;
    if (!user?.email) return;
    const file = await this.metadata.findFile(event.uploadId, event.fileId);
    const link = this.options.webBase && `${this.options.webBase}/d?id=${event.uploadId}`;
    const mail = fileDownloadedMail(
      user.language,
      { name: file?.name ?? event.fileId, bytes: event.bytes, uploadId: event.uploadId },
      link || undefined,
    );
    await this.email([user.email], mail);
  }

  /** quota.near once a user's live files pass QUOTA_NEAR of their quota, once a (UTC) day at most. */
  private async checkQuota(userId: string): Promise<void> {
    const user = await this.metadata.findUser(userId);
    const quota = limitsFor(this.options.rules, user).maxUserSize;
    if (quota <= 0) return;
    const now = Date.now();
    const { totalSize } = await this.metadata.uploadStats({ userId }, now);
    if (totalSize < QUOTA_NEAR * quota) return;
    const day = new Date(now).toISOString().slice(0, 10);
    const eventId = `evt_quota_${createHash('sha256').update(`${userId} ${day}`).digest('hex').slice(0, 32)}`;
    await this.publish('quota.near', userId, { userId, usedBytes: totalSize, quotaBytes: quota }, eventId);
  }
}

const newEventId = () => `evt_${randomId(24)}`;

function deliveryTo(webhook: Webhook, type: string, data: Record<string, unknown>, eventId: string): NewDelivery {
  const now = Date.now();
  const body: WebhookBody = { id: eventId, type, createdAt: new Date(now).toISOString(), data };
  return {
    id: randomId(24),
    dedupKey: `${webhook.id}:${eventId}`,
    channel: 'webhook',
    webhookId: webhook.id,
    ownerId: webhook.userId,
    eventId,
    eventType: type,
    payload: JSON.stringify(body),
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** The event's fields but its name: every FerryEvent is free of secrets already (events.ts). */
function dataOf(event: FerryEvent): Record<string, unknown> {
  const { event: _name, ...data } = event;
  return data;
}
