// Webhooks as users manage them: registered with the events they want and a secret shown once, listed, deleted,
// their deliveries read and a test call sent; server-wide ones by admins. Each is its owner's alone.
import { lookup } from 'node:dns/promises';
import { randomBytes } from 'node:crypto';
import type { MetadataStore } from '../metadata/store.js';
import { badRequest, notFound } from '../model/errors.js';
import { randomId } from '../model/ids.js';
import type { User } from '../model/model.js';
import { TEST_EVENT, WEBHOOK_EVENTS, type Delivery, type Webhook, type WebhookEvent } from '../model/notifications.js';
import type { Notifications } from './notifications.js';
import type { SecretBox } from './sealed-secrets.js';
import { checkResolved, webhookUrlOf } from './webhook-address.js';

/** A user's webhooks at most (and the server's): enough for every tool one uses, not a way to fill the queue. */
export const MAX_WEBHOOKS = 20;
/** Deliveries a log shows. */
export const DELIVERY_LOG = 50;

export interface NewWebhook {
  url: string;
  events: WebhookEvent[];
  description?: string;
  /** An admin's webhook told of every user's events. */
  serverWide?: boolean;
}

export interface WebhookOptions {
  /** Seals the secrets; absent without EncryptionKey, and webhooks cannot be registered then. */
  box: SecretBox | undefined;
  allowPrivate: boolean;
}

type WebhookStore = Pick<MetadataStore, 'insertWebhook' | 'findWebhook' | 'listWebhooks' | 'deleteWebhook' | 'listDeliveries'>;

export class WebhookService {
  constructor(
    private readonly metadata: WebhookStore,
    private readonly notifications: Notifications,
    private readonly options: WebhookOptions,
  ) {}

  /** The new webhook and its signing secret, which no later answer repeats. */
  async create(user: User, fields: NewWebhook): Promise<{ webhook: Webhook; secret: string }> {
    const box = this.options.box;
    if (!box) throw badRequest('webhooks need the server to have an EncryptionKey, which seals their signing secrets');
    if (fields.serverWide && !user.isAdmin) throw badRequest('serverWide: only admins register server-wide webhooks');
    const events = [...new Set(fields.events)];
    if (events.length === 0) throw badRequest(`events: choose at least one of ${WEBHOOK_EVENTS.join(', ')}`);
    const url = webhookUrlOf(fields.url, this.options.allowPrivate);
    checkResolved(await addressesOf(url.hostname), this.options.allowPrivate);
    const userId = fields.serverWide ? null : user.id;
    if ((await this.metadata.listWebhooks(userId)).length >= MAX_WEBHOOKS) throw badRequest(`at most ${MAX_WEBHOOKS} webhooks`);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const webhook: Webhook = {
      id: randomId(16),
      userId,
      url: url.toString(),
      events,
      description: fields.description ?? '',
      sealedSecret: box.seal(secret),
      createdAt: Date.now(),
    };
    await this.metadata.insertWebhook(webhook);
    return { webhook, secret };
  }

  /** The user's webhooks; an admin's list has the server-wide ones too. */
  async list(user: User): Promise<Webhook[]> {
    const own = await this.metadata.listWebhooks(user.id);
    return user.isAdmin ? [...own, ...(await this.metadata.listWebhooks(null))] : own;
  }

  async delete(user: User, id: string): Promise<void> {
    const webhook = await this.own(user, id);
    if (!(await this.metadata.deleteWebhook(id, webhook.userId))) throw notFound(`webhook ${id} not found`);
  }

  async deliveries(user: User, id: string): Promise<Delivery[]> {
    await this.own(user, id);
    return this.metadata.listDeliveries(id, DELIVERY_LOG);
  }

  /** Queues a `webhook.test` call to this webhook alone; its delivery appears in the log like any other. */
  async test(user: User, id: string): Promise<string> {
    const webhook = await this.own(user, id);
    return this.notifications.publishTo(webhook, TEST_EVENT, { webhookId: id, userId: user.id });
  }

  /** The webhook if it is the user's, or server-wide and the user an admin; another's is an unknown one. */
  private async own(user: User, id: string): Promise<Webhook> {
    const webhook = await this.metadata.findWebhook(id);
    if (!webhook || (webhook.userId === null ? !user.isAdmin : webhook.userId !== user.id)) throw notFound(`webhook ${id} not found`);
    return webhook;
  }
}

/** Every address the name resolves to (an IP literal is its own). */
async function addressesOf(hostname: string): Promise<string[]> {
  try {
    return (await lookup(hostname.replace(/^\[|\]$/g, ''), { all: true })).map((a) => a.address);
  } catch {
    throw badRequest(`url: the name ${hostname} does not resolve`);
  }
}
