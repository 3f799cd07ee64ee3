// Server admin routes: users (POST /user, GET|POST|DELETE /user/:id, GET /users, GET /users/search), all uploads, the
// server's daily activity, and Ferry's GET /activity (the whole server's day by day); GET /stats is in stats.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import { USER_SORTS } from '../../model/listing.js';
import type { UserProvider } from '../../model/model.js';
import { pagedResponse, parsePage, type PageRequest } from '../../protocol/plik-paging.js';
import { ActivityQuerySchema, type ActivityQuery, ActivitySchema, FERRY_ROUTE } from '../../protocol/ferry-account.js';
import type { User } from '../../model/model.js';
import { toPlikUserStats } from '../../protocol/plik-usage.js';
import { toPlikUser, UserBodySchema, userFieldsOf, type UserBody } from '../../protocol/plik-accounts.js';
import {
  parseUserFilter,
  parseUserSearch,
  UploadListQuerySchema,
  UserListQuerySchema,
  UserSearchQuerySchema,
} from '../../protocol/plik-list-query.js';
import { PagedSchema, PlikDailyActivitySchema, PlikDailyQuerySchema, PlikUploadSchema, PlikUserSchema } from '../../protocol/plik-wire.js';
import { plikDays, toPlikDailyActivity } from '../../protocol/plik-activity.js';
import { requireAdmin } from '../auth/authenticate.js';
import { pageRequestOf } from '../paging.js';
import { queryValue, uploadListPage, type UploadListRequest } from '../upload-lists.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Admin'];
const userParams = Type.Object({ userId: Type.String({ maxLength: 512 }) });
type UserRequest = FastifyRequest<{ Params: Static<typeof userParams>; Body: UserBody }>;
type PagedRequest = FastifyRequest<{ Querystring: PageRequest & Record<string, string | undefined> }>;

export async function adminRoutes(app: FastifyInstance, { http, users, tokens, uploads, activity, usage, twoFactor }: RouteServices) {
  // Every route of this plugin is for server admins only, checked before any input is looked at.
  app.addHook('preValidation', async (request) => void requireAdmin(request));
  /** Plik's user with its usage figures and whether it has two-factor on, those of `listed` fetched in two queries. */
  const withStats = async (listed: User[]) => {
    const ids = listed.map((user) => user.id);
    const [stats, enrolled] = await Promise.all([usage.users(ids), twoFactor.enrolledAmong(ids)]);
    return (user: User) => ({ ...toPlikUser(user), twoFactor: enrolled.has(user.id), stats: toPlikUserStats(stats.get(user.id)!) });
  };

  app.post<{ Body: UserBody }>(
    '/user',
    { schema: { tags, summary: 'Create a user', body: UserBodySchema, response: { 200: PlikUserSchema } } },
    async (request) => {
      const { provider = 'local', login } = request.body ?? {};
      if (!login) throw badRequest('unable to create user : missing login');
      return toPlikUser(await users.create({ ...userFieldsOf(request.body), provider: provider as UserProvider, login }));
    },
  );

  app.get(
    '/user/:userId',
    { schema: { tags, summary: 'A user', params: userParams, response: { 200: PlikUserSchema } } },
    async (request: UserRequest) => toPlikUser(await users.get(request.params.userId)),
  );

  app.post(
    '/user/:userId',
    {
      schema: {
        tags,
        summary: "Change a user (a new password ends the user's sessions)",
        params: userParams,
        body: UserBodySchema,
        response: { 200: PlikUserSchema },
      },
    },
    async (request: UserRequest) =>
      toPlikUser(await users.update(request.params.userId, userFieldsOf(request.body), request.requester.sessionId)),
  );

  app.delete(
    '/user/:userId',
    { schema: { tags, summary: 'Delete a user, its tokens and uploads', params: userParams } },
    async (request: UserRequest, reply) => {
      await users.delete(request.params.userId);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary:
          'Every user (provider=, admin=: those of one provider, admins or not), sorted by date, size, lifetimeSize or downloadedBytes',
        querystring: UserListQuerySchema,
        response: { 200: PagedSchema(PlikUserSchema) },
      },
    },
    async (request: PagedRequest) => {
      const page = parsePage(pageRequestOf(request), USER_SORTS);
      const listed = await users.list(parseUserFilter(request.query), page);
      return pagedResponse(page, listed, await withStats(listed.items));
    },
  );

  app.get(
    '/users/search',
    {
      schema: {
        tags,
        summary: 'Users whose id, login, name or email holds q, whatever its case, by login (provider=, admin=, limit=)',
        querystring: UserSearchQuerySchema,
        response: { 200: Type.Array(PlikUserSchema) },
      },
    },
    async (request: PagedRequest) => {
      const found = await users.search(parseUserSearch(request.query));
      return found.map(await withStats(found));
    },
  );

  app.get(
    '/uploads',
    {
      schema: {
        tags,
        summary:
          'Every upload (user=, token=: those of one user, one token; oneShot=, removable=, stream=, extendTTL=, password=, e2ee=), sorted by date, size, downloads or downloadedBytes',
        querystring: UploadListQuerySchema,
        response: { 200: PagedSchema(PlikUploadSchema) },
      },
    },
    async (request: UploadListRequest) => {
      const user = queryValue(request, 'user');
      const token = queryValue(request, 'token');
      const tokenId = token === undefined ? undefined : await tokens.uploadsKey(token, user);
      return uploadListPage(request, uploads, http.downloadDomain, { userId: user, tokenId });
    },
  );

  app.get<{ Querystring: ActivityQuery }>(
    '/activity',
    {
      schema: {
        tags,
        summary: "Ferry's: the whole server's uploads and downloads, day by day",
        querystring: ActivityQuerySchema,
        response: { 200: ActivitySchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => ({ days: await activity.daily(null, request.query.days) }),
  );

  app.get<{ Querystring: Static<typeof PlikDailyQuerySchema> }>(
    '/stats/activity/daily',
    {
      schema: {
        tags,
        summary: "The whole server's uploads and downloads per UTC day, as Plik 1.4 answers them",
        querystring: PlikDailyQuerySchema,
        response: { 200: PlikDailyActivitySchema },
      },
    },
    async (request) => toPlikDailyActivity(await activity.daily(null, plikDays(request.query.days))),
  );
}
