// Server admin routes: users (POST /user, GET|POST|DELETE /user/:id, GET /users), all uploads, the server's daily
// activity, and Ferry's GET /activity (the whole server's day by day); GET /stats is in stats.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import type { UserProvider } from '../../model/model.js';
import { pagedResponse, parsePage, type PageRequest } from '../../protocol/plik-paging.js';
import { ActivityQuerySchema, type ActivityQuery, ActivitySchema, FERRY_ROUTE } from '../../protocol/ferry-account.js';
import { toPlikUpload } from '../../protocol/plik.js';
import { toPlikUserStats } from '../../protocol/plik-usage.js';
import { PageQuerySchema, toPlikUser, UserBodySchema, userFieldsOf, type UserBody } from '../../protocol/plik-accounts.js';
import { PagedSchema, PlikDailyActivitySchema, PlikDailyQuerySchema, PlikUploadSchema, PlikUserSchema } from '../../protocol/plik-wire.js';
import { plikDays, toPlikDailyActivity } from '../../protocol/plik-activity.js';
import { requireAdmin } from '../auth/authenticate.js';
import { pageRequestOf } from '../paging.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Admin'];
const userParams = Type.Object({ userId: Type.String({ maxLength: 512 }) });
type UserRequest = FastifyRequest<{ Params: Static<typeof userParams>; Body: UserBody }>;
type PagedRequest = FastifyRequest<{ Querystring: PageRequest & { user?: string; token?: string } }>;

export async function adminRoutes(app: FastifyInstance, { http, users, tokens, uploads, activity, usage }: RouteServices) {
  // Every route of this plugin is for server admins only, checked before any input is looked at.
  app.addHook('preValidation', async (request) => void requireAdmin(request));

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
    { schema: { tags, summary: 'Every user', querystring: PageQuerySchema, response: { 200: PagedSchema(PlikUserSchema) } } },
    async (request: PagedRequest) => {
      const page = parsePage(pageRequestOf(request), ['createdAt', 'login']);
      const listed = await users.list(page);
      const stats = await usage.users(listed.items.map((user) => user.id));
      return pagedResponse(page, listed, (user) => ({ ...toPlikUser(user), stats: toPlikUserStats(stats.get(user.id)!) }));
    },
  );

  app.get(
    '/uploads',
    {
      schema: {
        tags,
        summary: 'Every upload (user=, token=: those of one user, one token)',
        querystring: PageQuerySchema,
        response: { 200: PagedSchema(PlikUploadSchema) },
      },
    },
    async (request: PagedRequest) => {
      const page = parsePage(pageRequestOf(request), ['createdAt']);
      const { user, token } = request.query;
      const listed = await uploads.list(
        { userId: user, tokenId: token === undefined ? undefined : await tokens.uploadsKey(token, user) },
        page,
      );
      const view = { isAdmin: true, owner: true, downloadDomain: http.downloadDomain };
      return pagedResponse(page, listed, ({ upload, files, tokenPrefix }) => toPlikUpload(upload, files, { ...view, tokenPrefix }));
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
