// GET /clients/*: Plik's client binaries from ClientsDirectory, which `plik --update` and the web page fetch by the
// paths GET /version lists.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';

export async function clientRoutes(app: FastifyInstance, { http }: RouteServices) {
  if (!http.clientsFolder) return;
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, ...PUBLIC_ROUTE };
  });
  await app.register(fastifyStatic, {
    root: http.clientsFolder,
    prefix: '/clients/',
    index: false,
    // A new release replaces a binary under the same name.
    cacheControl: false,
    setHeaders: (reply) => reply.header('Cache-Control', 'no-cache'),
  });
}
