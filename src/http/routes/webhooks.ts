// Ferry's webhook routes, under /me/webhooks: a signed-in user's endpoints (an admin's server-wide ones too),
// their delivery logs and test calls. Changes need a session, as every change to an account does.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { WEBHOOK_EVENTS } from '../../model/notifications.js';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  CreatedWebhookSchema,
  DeliveryListSchema,
  NewWebhookSchema,
  TestSentSchema,
  toWireDelivery,
  toWireWebhook,
  WebhookListSchema,
  WebhookParamsSchema,
  type NewWebhookBody,
  type WebhookParams,
} from '../../protocol/ferry-notifications.js';
import { requireUser } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Notifications'];

export async function webhookRoutes(app: FastifyInstance, { webhooks }: RouteServices) {
  app.get(
    '/me/webhooks',
    {
      schema: {
        tags,
        summary: "Ferry's: the user's webhooks (an admin's: the server-wide ones too)",
        response: { 200: WebhookListSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => ({ webhooks: (await webhooks.list(requireUser(request))).map(toWireWebhook), events: [...WEBHOOK_EVENTS] }),
  );

  app.post<{ Body: NewWebhookBody }>(
    '/me/webhooks',
    {
      schema: {
        tags,
        summary: "Ferry's: register an https endpoint for these events; its signing secret is in this answer only",
        body: NewWebhookSchema,
        response: { 200: CreatedWebhookSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => {
      const { webhook, secret } = await webhooks.create(requireUser(request), request.body);
      return { webhook: toWireWebhook(webhook), secret };
    },
  );

  app.delete<{ Params: WebhookParams }>(
    '/me/webhooks/:webhookId',
    { schema: { tags, summary: "Ferry's: delete a webhook and its log", params: WebhookParamsSchema }, config: FERRY_ROUTE },
    async (request, reply) => {
      await webhooks.delete(requireUser(request), request.params.webhookId);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: WebhookParams }>(
    '/me/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags,
        summary: "Ferry's: a webhook's latest deliveries, newest first",
        params: WebhookParamsSchema,
        response: { 200: DeliveryListSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => ({ deliveries: (await webhooks.deliveries(requireUser(request), request.params.webhookId)).map(toWireDelivery) }),
  );

  app.post<{ Params: WebhookParams }>(
    '/me/webhooks/:webhookId/test',
    {
      schema: {
        tags,
        summary: "Ferry's: queue a webhook.test call to this webhook",
        params: WebhookParamsSchema,
        body: Type.Optional(Type.Null()),
        response: { 200: TestSentSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => ({ eventId: await webhooks.test(requireUser(request), request.params.webhookId) }),
  );
}
