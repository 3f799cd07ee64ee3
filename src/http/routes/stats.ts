// Plik 1.4's usage statistics: the server's (GET /stats) and its trending uploads and files (/stats/trending/*),
// for server admins only; a user's own (GET /me/stats, ?token= for one of their tokens) and their own trending
// uploads (/me/stats/trending/uploads).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  toPlikServerStats,
  toPlikTrendingFile,
  toPlikTrendingUpload,
  toPlikUserStats,
  trendingRequestOf,
} from '../../protocol/plik-usage.js';
import {
  ServerUsageStatsSchema,
  TrendingFilesQuerySchema,
  TrendingListSchema,
  TrendingQuerySchema,
  type TrendingQueryString,
  UserUsageStatsSchema,
} from '../../protocol/plik-usage-wire.js';
import { ACCEPTS_USER_TOKEN, requireAdmin, requireUser } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';

const meStatsQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 512, description: 'One of your tokens, by its value or prefix: its figures alone' })),
});

export async function statsRoutes(app: FastifyInstance, { usage, tokens }: RouteServices) {
  app.register(async (admin) => {
    // Server admins only, checked before any input is looked at.
    admin.addHook('preValidation', async (request) => void requireAdmin(request));
    const tags = ['Admin'];

    admin.get(
      '/stats',
      {
        schema: {
          tags,
          summary: "The server's usage: what is held now and since the counters started, and the last days",
          response: { 200: ServerUsageStatsSchema },
        },
      },
      async () => toPlikServerStats(await usage.server()),
    );

    admin.get<{ Querystring: TrendingQueryString }>(
      '/stats/trending/uploads',
      {
        schema: {
          tags,
          summary: 'The most downloaded live uploads in a window (window: all, 1d, 7d, 30d; sort: downloads, downloadedBytes)',
          querystring: TrendingQuerySchema,
          response: { 200: TrendingListSchema },
        },
      },
      async (request) => (await usage.trendingUploads(trendingRequestOf(request.query))).map(toPlikTrendingUpload),
    );

    admin.get<{ Querystring: Omit<TrendingQueryString, 'sort'> }>(
      '/stats/trending/files',
      {
        schema: {
          tags,
          summary: 'The most downloaded files of live uploads in a window (window: all, 1d, 7d, 30d)',
          querystring: TrendingFilesQuerySchema,
          response: { 200: TrendingListSchema },
        },
      },
      async (request) => {
        const { window, limit } = request.query;
        return (await usage.trendingFiles(trendingRequestOf({ window, limit }))).map(toPlikTrendingFile);
      },
    );
  });

  const tags = ['Account'];

  app.get<{ Querystring: Static<typeof meStatsQuery> }>(
    '/me/stats',
    {
      schema: {
        tags,
        summary: "The user's usage (token=: one of their tokens'), with the legacy counts of what is held now",
        querystring: meStatsQuery,
        response: { 200: UserUsageStatsSchema },
      },
      config: ACCEPTS_USER_TOKEN,
    },
    async (request) => {
      const user = requireUser(request);
      const named = request.query.token;
      if (named === undefined) return toPlikUserStats(await usage.user(user.id));
      return toPlikUserStats(await usage.token(user.id, await tokens.uploadsKey(named, user.id)));
    },
  );

  app.get<{ Querystring: TrendingQueryString }>(
    '/me/stats/trending/uploads',
    {
      schema: {
        tags,
        summary: "The user's most downloaded live uploads in a window, as /stats/trending/uploads ranks them",
        querystring: TrendingQuerySchema,
        response: { 200: TrendingListSchema },
      },
      config: ACCEPTS_USER_TOKEN,
    },
    async (request) => {
      const user = requireUser(request);
      return (await usage.trendingUploads(trendingRequestOf(request.query), user.id)).map(toPlikTrendingUpload);
    },
  );
}
