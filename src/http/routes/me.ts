// The signed-in user's own routes: /me, /me/token, /me/uploads, /me/stats.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parsePage, pagedResponse, type PageRequest } from '../../domain/paging.js';
import { toPlikUpload, plikUploadSchema } from '../../protocol/plik.js';
import { pagedSchema, pageQuerySchema, plikTokenSchema, plikUserSchema, toPlikToken, toPlikUser } from '../../protocol/plik-accounts.js';
import type { Services } from '../app.js';
import { requireUser } from '../auth/authenticate.js';
import { pageRequestOf } from '../paging.js';

type PagedRequest = FastifyRequest<{ Querystring: PageRequest & { token?: string } }>;

export async function meRoutes(app: FastifyInstance, services: Services) {
  const { config, users, tokens, uploads } = services;

  app.get('/me', { schema: { response: { 200: plikUserSchema } } }, async (request) => toPlikUser(requireUser(request)));

  app.delete('/me', async (request, reply) => {
    await users.delete(requireUser(request).id);
    return reply.type('text/plain; charset=utf-8').send('ok');
  });

  app.get('/me/token', { schema: { querystring: pageQuerySchema, response: { 200: pagedSchema(plikTokenSchema) } } }, async (request: PagedRequest) => {
    const user = requireUser(request);
    const page = parsePage(pageRequestOf(request), ['createdAt']);
    return pagedResponse(page, await tokens.list(user, page), toPlikToken);
  });

  app.post<{ Body: { comment?: string } | undefined }>(
    '/me/token',
    {
      schema: {
        body: { type: ['object', 'null'], properties: { comment: { type: 'string', maxLength: 1024 } } },
        response: { 200: plikTokenSchema },
      },
    },
    async (request) => toPlikToken(await tokens.create(requireUser(request), request.body?.comment ?? '')),
  );

  app.delete<{ Params: { token: string } }>(
    '/me/token/:token',
    { schema: { params: { type: 'object', properties: { token: { type: 'string', maxLength: 255 } } } } },
    async (request, reply) => {
      await tokens.revoke(requireUser(request), request.params.token);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.get('/me/uploads', { schema: { querystring: pageQuerySchema, response: { 200: pagedSchema(plikUploadSchema) } } }, async (request: PagedRequest) => {
    const user = requireUser(request);
    const page = parsePage(pageRequestOf(request), ['createdAt']);
    const listed = await uploads.list({ userId: user.id, tokenId: request.query.token }, page);
    const view = { isAdmin: true, owner: true, downloadDomain: config.DownloadDomain };
    return pagedResponse(page, listed, ({ upload, files }) => toPlikUpload(upload, files, view));
  });

  app.delete('/me/uploads', { schema: { querystring: pageQuerySchema } }, async (request: PagedRequest, reply) => {
    const user = requireUser(request);
    const removed = await uploads.deleteAll({ userId: user.id, tokenId: request.query.token });
    return reply.type('text/plain; charset=utf-8').send(`${removed} uploads removed`);
  });

  app.get('/me/stats', { schema: { querystring: pageQuerySchema } }, async (request: PagedRequest) => {
    const user = requireUser(request);
    return uploads.stats({ userId: user.id, tokenId: request.query.token });
  });
}
