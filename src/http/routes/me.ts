// The signed-in user's own routes: /me, /me/sessions, /me/token, /me/uploads (/me/stats is in stats.ts), and Ferry's /me/password,
// /me/profile, /me/activity. A user token may read the account and its uploads (Plik's and Ferry's clients do),
// nothing else: changes need a session.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { TOKEN_SORTS } from '../../model/listing.js';
import { parsePage, pagedResponse, type PageRequest } from '../../protocol/plik-paging.js';
import { UploadListQuerySchema } from '../../protocol/plik-list-query.js';
import {
  ActivityQuerySchema,
  type ActivityQuery,
  ActivitySchema,
  FERRY_ROUTE,
  PasswordChangedSchema,
  PasswordChangeSchema,
  ProfileChangeSchema,
  type PasswordChange,
  type ProfileChange,
} from '../../protocol/ferry-account.js';
import { plikDays, toPlikDailyActivity } from '../../protocol/plik-activity.js';
import { toPlikUsage } from '../../protocol/plik-usage.js';
import { PageQuerySchema, toPlikToken, toPlikUser } from '../../protocol/plik-accounts.js';
import {
  PagedSchema,
  PlikDailyActivitySchema,
  PlikDailyQuerySchema,
  PlikTokenSchema,
  PlikUploadSchema,
  PlikUserSchema,
} from '../../protocol/plik-wire.js';
import { checkApiTokensEnabled } from '../../domain/tokens.js';
import { checkSelfDeletePossible } from '../../domain/users.js';
import { ACCEPTS_USER_TOKEN, requireUser } from '../auth/authenticate.js';
import { clearSessionCookies } from '../auth/cookies.js';
import { pageRequestOf } from '../paging.js';
import { listedUserOf, uploadListPage, type UploadListRequest } from '../upload-lists.js';
import type { RouteServices } from '../http-options.js';

type PagedRequest = FastifyRequest<{ Querystring: PageRequest & { token?: string } }>;

const tags = ['Account'];
/** An empty body (or null) makes a token without a comment. */
const tokenBody = Type.Union([Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1024 })) }), Type.Null()]);

const tokenParams = Type.Object({ token: Type.String({ maxLength: 255 }) });

export async function meRoutes(app: FastifyInstance, services: RouteServices) {
  const { http, users, tokens, uploads, sessions, activity, usage } = services;
  /** ?token= names a token by its value or its prefix, as lists show it. */
  const tokenFilter = async (request: PagedRequest, userId: string) => {
    const token = request.query.token || undefined;
    return token === undefined ? undefined : tokens.uploadsKey(token, userId);
  };

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: PlikUserSchema } }, config: ACCEPTS_USER_TOKEN },
    async (request) => {
      const user = requireUser(request);
      return { ...toPlikUser(user), twoFactor: await services.twoFactor.enrolled(user.id) };
    },
  );

  app.delete('/me', { schema: { tags, summary: 'Delete the account, its tokens and uploads' } }, async (request, reply) => {
    const user = requireUser(request);
    checkSelfDeletePossible(http.accounts.deleteOwnAccount);
    await users.delete(user.id);
    return reply.type('text/plain; charset=utf-8').send('ok');
  });

  const changeProfile = async (request: FastifyRequest<{ Body: ProfileChange }>) =>
    toPlikUser(await users.updateOwnProfile(requireUser(request), request.body ?? {}));
  const profileSchema = { tags, body: ProfileChangeSchema, response: { 200: PlikUserSchema } };
  app.patch<{ Body: ProfileChange }>(
    '/me',
    { schema: { ...profileSchema, summary: "Change one's name and email (local accounts), theme and language, as Plik 1.4" } },
    changeProfile,
  );
  app.post<{ Body: ProfileChange }>(
    '/me/profile',
    { schema: { ...profileSchema, summary: "Ferry's: PATCH /me, answering errors in JSON" }, config: FERRY_ROUTE },
    changeProfile,
  );

  // The other sessions end, as when an admin sets the password: whoever knew the old one is signed out.
  app.post<{ Body: PasswordChange }>(
    '/me/password',
    {
      schema: {
        tags,
        summary: "Ferry's: change one's password; the other sessions end",
        body: PasswordChangeSchema,
        response: { 200: PasswordChangedSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => {
      const { current, password } = request.body;
      const sessionsEnded = await users.changeOwnPassword(requireUser(request), current, password, request.ip, request.requester.sessionId);
      return { sessionsEnded };
    },
  );

  // Sign out everywhere: every session of the user ends, this one too (its cookies go with the answer).
  app.delete('/me/sessions', { schema: { tags, summary: 'Sign out everywhere, this session too' } }, async (request, reply) => {
    const ended = await sessions.closeAll(requireUser(request));
    clearSessionCookies(request, reply, http.basePath);
    return reply.type('text/plain; charset=utf-8').send(`${ended} sessions ended`);
  });

  app.get(
    '/me/token',
    {
      schema: {
        tags,
        summary: "The user's tokens (their prefixes), sorted by date or size",
        querystring: PageQuerySchema,
        response: { 200: PagedSchema(PlikTokenSchema) },
      },
    },
    async (request: PagedRequest) => {
      const user = requireUser(request);
      checkApiTokensEnabled(http.accounts.apiTokens);
      const page = parsePage(pageRequestOf(request), TOKEN_SORTS);
      const listed = await tokens.list(user, page);
      const stats = await usage.tokens(
        user.id,
        listed.items.map((token) => token.hash),
      );
      return pagedResponse(page, listed, (token) => ({ ...toPlikToken(token), stats: { usage: toPlikUsage(stats.get(token.hash)!) } }));
    },
  );

  app.post<{ Body: Static<typeof tokenBody> }>(
    '/me/token',
    {
      schema: {
        tags,
        summary: 'Make a user token: the whole token is in this answer only',
        body: tokenBody,
        response: { 200: PlikTokenSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      checkApiTokensEnabled(http.accounts.apiTokens);
      return toPlikToken(await tokens.create(user, request.body?.comment ?? ''));
    },
  );

  app.delete<{ Params: Static<typeof tokenParams> }>(
    '/me/token/:token',
    {
      schema: { tags, summary: 'Revoke a token (by its value or prefix)', params: tokenParams },
    },
    async (request, reply) => {
      const user = requireUser(request);
      checkApiTokensEnabled(http.accounts.apiTokens);
      await tokens.revoke(user, request.params.token);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.get(
    '/me/uploads',
    {
      schema: {
        tags,
        summary:
          "The user's uploads (token=: those made with one token; oneShot=, removable=, stream=, extendTTL=, password=, e2ee=; user=: another user's, for a server admin's session), sorted by date, size, downloads or downloadedBytes",
        querystring: UploadListQuerySchema,
        response: { 200: PagedSchema(PlikUploadSchema) },
      },
      config: ACCEPTS_USER_TOKEN,
    },
    async (request: UploadListRequest) => {
      const userId = listedUserOf(request, requireUser(request));
      return uploadListPage(request, uploads, http.downloadDomain, { userId, tokenId: await tokenFilter(request, userId) });
    },
  );

  app.delete(
    '/me/uploads',
    { schema: { tags, summary: "Remove the user's uploads (token=: those made with one token)", querystring: PageQuerySchema } },
    async (request: PagedRequest, reply) => {
      const user = requireUser(request);
      const removed = await uploads.deleteAll({ userId: user.id, tokenId: await tokenFilter(request, user.id) });
      return reply.type('text/plain; charset=utf-8').send(`${removed} uploads removed`);
    },
  );

  app.get<{ Querystring: ActivityQuery }>(
    '/me/activity',
    {
      schema: {
        tags,
        summary: "Ferry's: the user's uploads and downloads, day by day",
        querystring: ActivityQuerySchema,
        response: { 200: ActivitySchema },
      },
      config: { ...FERRY_ROUTE, ...ACCEPTS_USER_TOKEN },
    },
    async (request) => ({ days: await activity.daily(requireUser(request).id, request.query.days) }),
  );

  app.get<{ Querystring: Static<typeof PlikDailyQuerySchema> }>(
    '/me/stats/activity/daily',
    {
      schema: {
        tags,
        summary: "The user's uploads and downloads per UTC day, as Plik 1.4 answers them",
        querystring: PlikDailyQuerySchema,
        response: { 200: PlikDailyActivitySchema },
      },
      config: ACCEPTS_USER_TOKEN,
    },
    async (request) => toPlikDailyActivity(await activity.daily(requireUser(request).id, plikDays(request.query.days))),
  );
}
