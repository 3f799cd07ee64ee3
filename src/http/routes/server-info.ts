// GET /version, /config and /health: what a client asks before it uploads.
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { ServerConfigSchema, VersionSchema, type Version } from '../../protocol/plik-wire.js';
import { FERRY_VERSION } from '../../version.js';
import { PUBLIC_ROUTE, PUBLIC_ROUTE_READING_SESSION } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Server'];

export async function serverInfoRoutes(app: FastifyInstance, { http }: RouteServices) {
  app.get(
    '/version',
    {
      schema: {
        tags,
        summary: "Ferry's version, in Plik's build information shape; the build details to a server admin's session",
        response: { 200: VersionSchema },
      },
      config: PUBLIC_ROUTE_READING_SESSION,
    },
    async (request): Promise<Version> => {
      const clients = await http.clientBuilds();
      return {
        version: FERRY_VERSION,
        ...(request.requester.user?.isAdmin && { date: 0, isRelease: true, isMint: false, host: hostname(), nodeVersion: process.version }),
        clients: clients.length > 0 ? clients : null,
        releases: null,
      };
    },
  );
  app.get(
    '/config',
    { schema: { tags, summary: 'Limits and feature flags', response: { 200: ServerConfigSchema } }, config: PUBLIC_ROUTE },
    async () => http.serverConfig,
  );
  app.get(
    '/health',
    { schema: { tags, summary: 'Answers "ok" (text) while the server is up' }, config: PUBLIC_ROUTE },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok\n'),
  );
}
