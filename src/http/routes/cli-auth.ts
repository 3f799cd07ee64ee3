// POST /auth/cli/init, /auth/cli/approve, /auth/cli/poll: Plik 1.4's CLI sign-in through a browser
// (domain/device-sign-in.ts). init and poll are the CLI's and carry no credentials; approve needs a browser
// session and its XSRF header: a user token cannot make another token this way.
import type { FastifyInstance } from 'fastify';
import { CLI_POLL_INTERVAL_SECONDS, CLI_SIGN_IN_SECONDS } from '../../domain/device-sign-in.js';
import { checkSignInPossible } from '../../domain/users.js';
import {
  CliApprovedSchema,
  CliApproveSchema,
  CliInitSchema,
  CliPollAnswerSchema,
  CliPollSchema,
  CliStartedSchema,
  type CliApprove,
  type CliInit,
  type CliPoll,
  type CliPollAnswer,
  type CliStarted,
} from '../../protocol/plik-cli-auth.js';
import { PUBLIC_ROUTE, requireUser } from '../auth/authenticate.js';
import { webBase } from '../public-url.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Sign-in'];

export async function cliAuthRoutes(app: FastifyInstance, { http, cliSignIns }: RouteServices) {
  // Its answers hold secrets: no cache keeps them.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.post<{ Body: CliInit }>(
    '/auth/cli/init',
    {
      schema: {
        tags,
        summary: 'Start signing the CLI in: a code to approve in the browser, and the secret to poll with',
        body: CliInitSchema,
        response: { 200: CliStartedSchema },
      },
      config: PUBLIC_ROUTE,
    },
    async (request): Promise<CliStarted> => {
      checkSignInPossible(http.authentication);
      const { code, secret } = await cliSignIns.start(request.body?.hostname?.trim() ?? '');
      return {
        code,
        secret,
        verificationURL: `${webBase(request, http)}/cli-auth?code=${code}`,
        expiresIn: CLI_SIGN_IN_SECONDS,
        interval: CLI_POLL_INTERVAL_SECONDS,
      };
    },
  );

  app.post<{ Body: CliApprove }>(
    '/auth/cli/approve',
    {
      schema: {
        tags,
        summary: "Approve a CLI's code (a session and X-XSRFToken): that CLI gets a new token of the signed-in user",
        body: CliApproveSchema,
        response: { 200: CliApprovedSchema },
      },
    },
    async (request) => {
      checkSignInPossible(http.authentication);
      const user = requireUser(request);
      const { hostname } = await cliSignIns.approve(user, request.body.code, request.body.comment);
      return { status: 'approved' as const, hostname };
    },
  );

  app.post<{ Body: CliPoll }>(
    '/auth/cli/poll',
    {
      schema: {
        tags,
        summary: 'Whether the code was approved; once it is, the new token, in one answer only',
        body: CliPollSchema,
        response: { 200: CliPollAnswerSchema },
      },
      config: PUBLIC_ROUTE,
    },
    async (request): Promise<CliPollAnswer> => {
      checkSignInPossible(http.authentication);
      return cliSignIns.poll(request.body.code, request.body.secret);
    },
  );
}
