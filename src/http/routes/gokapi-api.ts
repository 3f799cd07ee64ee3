// Gokapi's API: POST /api/files/add, GET /api/files/list (and /api/files/list/:id), DELETE /api/files/delete, and
// its file requests' /api/uploadrequest routes (gokapi-requests.ts).
// The `apikey` header carries a Ferry user's upload token (the one scripts send as X-PlikToken); each added file
// is an upload of its own, and a file's id is what the links, the list and the delete name.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest, unauthorized } from '../../model/errors.js';
import type { Upload, UploadFile } from '../../model/model.js';
import { uploadOneFile, type OneFileUpload } from '../../domain/one-file-upload.js';
import { downloadLimitOf } from '../../domain/uploads.js';
import {
  GOKAPI_TERM_FIELDS,
  GokapiAddFormSchema,
  gokapiResult,
  termsFromGokapi,
  toGokapiFile,
  type GokapiTermFields,
} from '../../protocol/gokapi.js';
import { GokapiDeletedSchema, GokapiFileSchema, GokapiResultSchema } from '../../protocol/gokapi-wire.js';
import { hasAccounts } from '../../domain/users.js';
import { header, requireUser } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { acceptMultipart, partsOf } from '../multipart.js';
import { publicBase } from '../public-url.js';
import { gokapiRequestRoutes } from './gokapi-requests.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Gokapi API'];
const idSchema = Type.String({ minLength: 1, maxLength: 256 });
const fileIdParams = Type.Object({ id: idSchema });
const deleteQuery = Type.Object({ id: Type.Optional(idSchema) });

export async function gokapiApiRoutes(app: FastifyInstance, services: RouteServices) {
  const { http, uploads, links, tokens } = services;
  await acceptMultipart(app);
  // Ferry's own routes answer errors in JSON; who is asking comes from the apikey header, not from a session.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, jsonErrors: true, skipAuthentication: true };
  });
  app.addHook('preValidation', async (request) => {
    if (!hasAccounts(http.authentication))
      throw unauthorized('the API needs a user token, and this server has no users (FeatureAuthentication is disabled)');
    const key = header(request, 'apikey') ?? header(request, 'x-pliktoken');
    if (key === undefined) throw unauthorized('missing apikey header');
    const { user, token } = await tokens.resolve(key);
    request.requester = { remoteIp: request.ip, user, tokenId: token.hash };
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store');
    return payload;
  });
  const fileOf = (request: FastifyRequest, upload: Upload, file: UploadFile, linkSecret?: string) =>
    toGokapiFile(upload, file, {
      base: publicBase(request, http),
      linkSecret,
      hotlinkable: links.hotlinkable(upload, linkSecret !== undefined),
    });

  const addForm = { contentType: 'multipart/form-data', schema: GokapiAddFormSchema };
  app.post(
    '/api/files/add',
    {
      schema: {
        tags,
        summary: 'Share one file (multipart: file, and the terms fields before or after it)',
        response: { 200: GokapiResultSchema },
      },
      config: { documentedBody: addForm },
    },
    async (request) => {
      // Fields may come before the file or after it (curl -F sends them in the order given, the file often first):
      // the upload is made with what is known when the file starts, and its terms set again if more follow.
      const before: GokapiTermFields = {};
      const after: GokapiTermFields = {};
      let added: OneFileUpload | undefined;
      try {
        for await (const part of partsOf(request)) {
          if (part.type === 'field') {
            if (isTermField(part.fieldname)) (added ? after : before)[part.fieldname] = String(part.value);
          } else if (part.fieldname !== 'file' || added) {
            part.file.resume();
          } else {
            const incoming = { name: part.filename, type: part.mimetype, body: part.file };
            added = await uploadOneFile(services, termsFromGokapi(before), request.requester, incoming);
          }
        }
        if (!added) throw badRequest('missing file from multipart form');
        if (Object.keys(after).length > 0) {
          const upload = await uploads.changeTerms(added.access, termsFromGokapi({ ...before, ...after }), request.requester);
          added = { ...added, access: { ...added.access, upload }, file: { ...added.file, downloadLimit: downloadLimitOf(upload) } };
        }
      } catch (err) {
        // No half-made share stays behind: terms that fail after the file take the upload along (uploadOneFile
        // already did, for a file that failed).
        if (added) await uploads.delete(added.access);
        throw err;
      }
      return gokapiResult(fileOf(request, added.access.upload, added.file, added.linkSecret));
    },
  );

  app.get(
    '/api/files/list',
    { schema: { tags, summary: "The user's shared files", response: { 200: Type.Array(GokapiFileSchema) } } },
    async (request) => {
      const listed = await links.filesOf(requireUser(request));
      return listed.map(({ upload, file }) => fileOf(request, upload, file));
    },
  );

  app.get<{ Params: Static<typeof fileIdParams> }>(
    '/api/files/list/:id',
    { schema: { tags, summary: 'One shared file', params: fileIdParams, response: { 200: GokapiFileSchema } } },
    async (request) => {
      const { upload, file } = await links.fileOf(requireUser(request), request.params.id);
      return fileOf(request, upload, file);
    },
  );

  // Gokapi sends the id in a header; the article puts it in the query.
  app.delete<{ Querystring: Static<typeof deleteQuery> }>(
    '/api/files/delete',
    {
      schema: {
        tags,
        summary: 'Delete a shared file (id in the query, or in an id header as Gokapi sends it)',
        querystring: deleteQuery,
        response: { 200: GokapiDeletedSchema },
      },
    },
    async (request) => {
      const id = request.query.id ?? header(request, 'id');
      if (!id) throw badRequest('missing file id (the id query parameter or header)');
      await links.deleteFile(id, uploadCredentials(request));
      return { result: 'OK', Result: 'OK' } as const;
    },
  );

  gokapiRequestRoutes(app, services);
}

const isTermField = (name: string): name is keyof GokapiTermFields => (GOKAPI_TERM_FIELDS as readonly string[]).includes(name);
