// POST /auth/cli/init, /auth/cli/approve, /auth/cli/poll: Plik 1.4's CLI sign-in through a browser
// (domain/device-sign-in.ts). init and poll are the CLI's and carry no credentials; approve needs a browser
// session and its XSRF header: a user token cannot make another token this way.
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { CLI_POLL_INTERVAL_SECONDS, CLI_SIGN_IN_SECONDS } from '../../domain/device-sign-in.js';
import { checkApiTokensEnabled } from '../../domain/tokens.js';
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

/** A route of the flow: its summary, body and answer schemas; `config` for the CLI's routes, which carry no credentials. */
const routeOptions = (summary: string, body: TSchema, answer: TSchema, config = {}) => ({
  schema: { tags, summary, body, response: { 200: answer } },
  config,
});

export async function cliAuthRoutes(app: FastifyInstance, { http, cliSignIns }: RouteServices) {
  // As Plik 1.4: the CLI's sign-in makes a user token, which FeatureApiTokens may switch off.
  app.addHook('preHandler', async () => {
    checkSignInPossible(http.authentication);
    checkApiTokensEnabled(http.accounts.apiTokens);
  });
  // Its answers hold secrets: no cache keeps them.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.post<{ Body: CliInit }>(
    '/auth/cli/init',
    routeOptions(
      'Start signing the CLI in: a code to approve in the browser, and the secret to poll with',
      CliInitSchema,
      CliStartedSchema,
      PUBLIC_ROUTE,
    ),
    async (request): Promise<CliStarted> => {
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
    routeOptions(
      "Approve a CLI's code (a session and X-XSRFToken): that CLI gets a new token of the signed-in user",
      CliApproveSchema,
      CliApprovedSchema,
    ),
    async (request) => {
      const { hostname } = await cliSignIns.approve(requireUser(request), request.body.code, request.body.comment);
      return { status: 'approved' as const, hostname };
    },
  );

  app.post<{ Body: CliPoll }>(
    '/auth/cli/poll',
    routeOptions(
      'Whether the code was approved; once it is, the new token, in one answer only',
      CliPollSchema,
      CliPollAnswerSchema,
      PUBLIC_ROUTE,
    ),
    async (request): Promise<CliPollAnswer> => cliSignIns.poll(request.body.code, request.body.secret),
  );
}
