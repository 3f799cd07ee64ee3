// Ferry's passkey routes: /me/passkeys (list, register with its options, rename, delete; a session's) and
// /auth/passkey (options, sign-in), the sign-in ending in the same session a password sign-in opens. The relying
// party is the web app's origin: PlikDomain when set, else the host the request came to, as the page's links are.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { relyingPartyOf } from '../../domain/passkeys.js';
import { checkSignInPossible } from '../../domain/users.js';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import { OkSchema } from '../../protocol/ferry-notifications.js';
import {
  CeremonyOptionsSchema,
  NewPasskeySchema,
  PasskeyListSchema,
  PasskeyParamsSchema,
  PasskeyRenameSchema,
  PasskeySchema,
  PasskeySignInSchema,
  toWirePasskey,
  type NewPasskeyBody,
  type PasskeyParams,
  type PasskeyRename,
  type PasskeySignInBody,
} from '../../protocol/ferry-passkeys.js';
import { PUBLIC_ROUTE, requireUser } from '../auth/authenticate.js';
import { setSessionCookies } from '../auth/cookies.js';
import type { RouteServices } from '../http-options.js';
import { webOrigin } from '../public-url.js';

const tags = ['Account'];

export async function passkeyRoutes(app: FastifyInstance, { passkeys, sessions, http }: RouteServices) {
  const rpOf = (request: FastifyRequest) => relyingPartyOf(webOrigin(request, http), http.branding.name);

  app.get(
    '/me/passkeys',
    { schema: { tags, summary: "Ferry's: the signed-in user's passkeys", response: { 200: PasskeyListSchema } }, config: FERRY_ROUTE },
    async (request) => ({ passkeys: (await passkeys.list(requireUser(request))).map(toWirePasskey) }),
  );

  app.post(
    '/me/passkeys/options',
    {
      schema: {
        tags,
        summary: "Ferry's: begin registering a passkey: the options for navigator.credentials.create",
        response: { 200: CeremonyOptionsSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { options: await passkeys.registrationOptions(requireUser(request), rpOf(request)) };
    },
  );

  app.post<{ Body: NewPasskeyBody }>(
    '/me/passkeys',
    {
      schema: {
        tags,
        summary: "Ferry's: keep a new passkey, named, from the browser's answer to the options",
        body: NewPasskeySchema,
        response: { 201: PasskeySchema },
      },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      const { name, response } = request.body;
      const passkey = await passkeys.register(requireUser(request), name, response as RegistrationResponseJSON, rpOf(request));
      return reply.code(201).send(toWirePasskey(passkey));
    },
  );

  app.patch<{ Params: PasskeyParams; Body: PasskeyRename }>(
    '/me/passkeys/:passkeyId',
    {
      schema: {
        tags,
        summary: "Ferry's: rename a passkey",
        params: PasskeyParamsSchema,
        body: PasskeyRenameSchema,
        response: { 200: PasskeySchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => toWirePasskey(await passkeys.rename(requireUser(request), request.params.passkeyId, request.body.name)),
  );

  app.delete<{ Params: PasskeyParams }>(
    '/me/passkeys/:passkeyId',
    { schema: { tags, summary: "Ferry's: delete a passkey: it signs in no more", params: PasskeyParamsSchema }, config: FERRY_ROUTE },
    async (request, reply) => {
      await passkeys.delete(requireUser(request), request.params.passkeyId);
      return reply.code(204).send();
    },
  );

  // Stale cookies must not stand in the way of signing in.
  const signInConfig = { ...FERRY_ROUTE, ...PUBLIC_ROUTE };
  app.post(
    '/auth/passkey/options',
    {
      schema: {
        tags: ['Sign-in'],
        summary: "Ferry's: begin signing in with a passkey: the options for navigator.credentials.get",
        response: { 200: CeremonyOptionsSchema },
      },
      config: signInConfig,
    },
    async (request, reply) => {
      checkSignInPossible(http.authentication);
      reply.header('Cache-Control', 'no-store');
      return { options: await passkeys.signInOptions(rpOf(request)) };
    },
  );

  app.post<{ Body: PasskeySignInBody }>(
    '/auth/passkey/login',
    {
      schema: {
        tags: ['Sign-in'],
        summary: "Ferry's: sign in with a passkey: the session cookie and XSRF cookie a password sign-in gives",
        body: PasskeySignInSchema,
        response: { 200: OkSchema },
      },
      config: signInConfig,
    },
    async (request, reply) => {
      checkSignInPossible(http.authentication);
      const user = await passkeys.signIn(request.body.response as AuthenticationResponseJSON, rpOf(request));
      setSessionCookies(request, reply, await sessions.open(user), http.basePath);
      return { ok: true };
    },
  );
}
