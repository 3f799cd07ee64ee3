// The wire shapes of Ferry's notification routes: webhooks and their deliveries, an upload's emails, password reset.
import { Type, type Static } from 'typebox';
import { WEBHOOK_EVENTS, type Delivery, type Webhook } from '../model/notifications.js';

const iso = (ms: number) => new Date(ms).toISOString();
const id = Type.String({ minLength: 1, maxLength: 64 });

export const WebhookParamsSchema = Type.Object({ webhookId: id });
export type WebhookParams = Static<typeof WebhookParamsSchema>;

export const NewWebhookSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    events: Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, maxItems: WEBHOOK_EVENTS.length }),
    description: Type.Optional(Type.String({ maxLength: 255 })),
    serverWide: Type.Optional(Type.Boolean({ description: "Admins: told of every user's events" })),
  },
  { additionalProperties: false },
);
export type NewWebhookBody = Static<typeof NewWebhookSchema>;

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.String(),
  serverWide: Type.Boolean(),
  createdAt: Type.String(),
});

export const toWireWebhook = (w: Webhook): Static<typeof WebhookSchema> => ({
  id: w.id,
  url: w.url,
  events: w.events,
  description: w.description,
  serverWide: w.userId === null,
  createdAt: iso(w.createdAt),
});

export const CreatedWebhookSchema = Type.Object({
  webhook: WebhookSchema,
  secret: Type.String({ description: 'The signing secret: shown in this answer only' }),
});

export const WebhookListSchema = Type.Object({ webhooks: Type.Array(WebhookSchema), events: Type.Array(Type.String()) });

export const DeliverySchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.String(),
  createdAt: Type.String(),
  nextAttemptAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

export const toWireDelivery = (d: Delivery): Static<typeof DeliverySchema> => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: iso(d.createdAt),
  nextAttemptAt: iso(d.nextAttemptAt),
  finishedAt: d.finishedAt === null ? null : iso(d.finishedAt),
});

export const DeliveryListSchema = Type.Object({ deliveries: Type.Array(DeliverySchema) });
export const TestSentSchema = Type.Object({ eventId: Type.String() });

export const UploadNotificationsSchema = Type.Object({ emailOnDownload: Type.Boolean() }, { additionalProperties: false });
export type UploadNotificationsBody = Static<typeof UploadNotificationsSchema>;
export const UploadNotificationsStateSchema = Type.Object({
  emailOnDownload: Type.Boolean(),
  /** Whether this server sends emails at all. */
  mail: Type.Boolean(),
});

export const ShareByEmailSchema = Type.Object(
  {
    to: Type.Array(Type.String({ format: 'email', maxLength: 254 }), { minItems: 1, maxItems: 10 }),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The upload's page with its key (a link-encrypted upload's), which must be this upload's page on this server. */
    link: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);
export type ShareByEmailBody = Static<typeof ShareByEmailSchema>;
export const SharedSchema = Type.Object({ sent: Type.Integer() });

export const PasswordResetRequestSchema = Type.Object(
  { login: Type.String({ minLength: 1, maxLength: 255 }) },
  { additionalProperties: false },
);
export type PasswordResetRequest = Static<typeof PasswordResetRequestSchema>;
export const PasswordResetSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 128 }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
export type PasswordResetBody = Static<typeof PasswordResetSchema>;
export const OkSchema = Type.Object({ ok: Type.Boolean() });
