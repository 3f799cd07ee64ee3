// Ferry's password reset for local users: ask for a link by email, then set a new password with its token. The
// asking answers the same whether the login exists or not.
import type { FastifyInstance } from 'fastify';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  OkSchema,
  PasswordResetRequestSchema,
  PasswordResetSchema,
  type PasswordResetBody,
  type PasswordResetRequest,
} from '../../protocol/ferry-notifications.js';
import { PUBLIC_ROUTE } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';
import { webBase } from '../public-url.js';

const tags = ['Account'];

export async function passwordResetRoutes(app: FastifyInstance, { passwordResets, http }: RouteServices) {
  app.post<{ Body: PasswordResetRequest }>(
    '/auth/password-reset',
    {
      schema: {
        tags,
        summary: "Ferry's: email a password-reset link to a local user (the same answer whether the login exists)",
        body: PasswordResetRequestSchema,
        response: { 202: OkSchema },
      },
      config: { ...FERRY_ROUTE, ...PUBLIC_ROUTE },
    },
    async (request, reply) => {
      // The token goes in the fragment: no server or proxy log on the way to the page sees it.
      await passwordResets.request(request.body.login, request.ip, `${webBase(request, http)}/login#reset`);
      return reply.code(202).send({ ok: true });
    },
  );

  app.post<{ Body: PasswordResetBody }>(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: "Ferry's: set a new password with the token of a reset email; every session of the user ends",
        body: PasswordResetSchema,
        response: { 200: OkSchema },
      },
      config: { ...FERRY_ROUTE, ...PUBLIC_ROUTE },
    },
    async (request) => {
      await passwordResets.reset(request.body.token, request.body.password);
      return { ok: true };
    },
  );
}
