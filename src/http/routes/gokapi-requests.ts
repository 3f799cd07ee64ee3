// Gokapi 2.2's file-request API: GET /api/uploadrequest/list (and /list/:id), POST /api/uploadrequest/save (a new
// request; Ferry does not edit one), DELETE /api/uploadrequest/delete. Registered by gokapiApiRoutes, whose hooks
// have read the apikey header. Gokapi's chunked uploads into a request are not answered: senders use the link.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import type { FileRequest } from '../../model/file-requests.js';
import { GokapiDeletedSchema } from '../../protocol/gokapi-wire.js';
import { GokapiFileRequestSchema, newRequestFromGokapi, type GokapiRequestHeaders } from '../../protocol/gokapi-requests.js';
import { toGokapiFileRequest } from '../../protocol/gokapi-requests.js';
import { header, requireUser } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Gokapi API'];
const idParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const saveHeaders = Type.Object(
  Object.fromEntries(
    ['id', 'name', 'notes', 'expiry', 'maxfiles', 'maxsize'].map((name) => [name, Type.Optional(Type.String({ maxLength: 8192 }))]),
  ),
);

export function gokapiRequestRoutes(app: FastifyInstance, { requests }: Pick<RouteServices, 'requests'>) {
  const gokapiOf = async (request: FileRequest) => toGokapiFileRequest(request, await requests.received(request));

  app.get(
    '/api/uploadrequest/list',
    { schema: { tags, summary: "The user's file requests", response: { 200: Type.Array(GokapiFileRequestSchema) } } },
    async (request) => Promise.all((await requests.list(requireUser(request))).map(gokapiOf)),
  );

  app.get<{ Params: Static<typeof idParams> }>(
    '/api/uploadrequest/list/:id',
    { schema: { tags, summary: 'One file request', params: idParams, response: { 200: GokapiFileRequestSchema } } },
    async (request) => gokapiOf(await requests.owned(requireUser(request), request.params.id)),
  );

  app.post(
    '/api/uploadrequest/save',
    {
      schema: {
        tags,
        summary: 'Make a file request (headers name, notes, expiry, maxfiles, maxsize; Ferry does not change one, an id header is refused)',
        headers: saveHeaders,
        response: { 200: GokapiFileRequestSchema },
      },
    },
    async (request: FastifyRequest<{ Headers: GokapiRequestHeaders & { id?: string } }>) => {
      if (request.headers.id) throw badRequest('Ferry does not change a file request once made: close it and make another');
      const made = await requests.create(requireUser(request), newRequestFromGokapi(request.headers, Date.now()));
      return gokapiOf(made);
    },
  );

  app.delete(
    '/api/uploadrequest/delete',
    { schema: { tags, summary: 'Delete a file request and the files it received (id header)', response: { 200: GokapiDeletedSchema } } },
    async (request) => {
      const id = header(request, 'id');
      if (!id) throw badRequest('missing id header');
      await requests.delete(requireUser(request), id);
      return { result: 'OK', Result: 'OK' } as const;
    },
  );
}
