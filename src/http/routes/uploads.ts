// POST /upload, GET /upload/:id, DELETE /upload/:id.
import type { FastifyInstance } from 'fastify';
import { CreateUploadSchema, parseCreateUpload, toPlikUpload } from '../../protocol/plik.js';
import { PlikUploadSchema, type PlikUpload } from '../../protocol/plik-wire.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { uploadParams, type UploadParams } from './params.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Uploads'];

export async function uploadRoutes(app: FastifyInstance, { http, uploads }: RouteServices) {
  // Plik reads the body as JSON whatever its Content-Type: `curl -d '{...}'` sends a form type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const view = (isAdmin: boolean, uploadToken?: string) => ({
    isAdmin,
    uploadToken,
    downloadDomain: http.downloadDomain,
    downloadURL: http.downloadURL,
  });

  const bodyRoute = { ...ACCEPTS_USER_TOKEN, documentedBody: { contentType: 'application/json', schema: CreateUploadSchema } };
  app.post(
    '/upload',
    {
      schema: { tags, summary: 'Create an upload, with its files declared or added after', response: { 200: PlikUploadSchema } },
      config: bodyRoute,
    },
    async (request, reply): Promise<PlikUpload> => {
      const params = await parseCreateUpload(typeof request.body === 'string' ? request.body : '');
      const { upload, files, uploadToken, linkSecret } = await uploads.create(params, request.requester);
      if (upload.login && params.password) {
        // Plik hands back ready-made Basic credentials for the uploader's next requests.
        const basic = Buffer.from(`${upload.login}:${params.password}`).toString('base64');
        reply.header('Authorization', `Basic ${basic}`);
      }
      return { ...toPlikUpload(upload, files, view(true, uploadToken)), downloadKey: linkSecret };
    },
  );

  app.get<{ Params: UploadParams }>(
    '/upload/:uploadId',
    {
      schema: { tags, summary: 'An upload and its files', params: uploadParams, response: { 200: PlikUploadSchema } },
      config: ACCEPTS_USER_TOKEN,
    },
    async (request) => {
      const access = await uploads.open(request.params.uploadId, uploadCredentials(request));
      return toPlikUpload(access.upload, await uploads.listFiles(access.upload), view(access.isAdmin, access.uploadToken));
    },
  );

  app.delete<{ Params: UploadParams }>(
    '/upload/:uploadId',
    { schema: { tags, summary: 'Remove an upload and its files', params: uploadParams }, config: ACCEPTS_USER_TOKEN },
    async (request, reply) => {
      const access = await uploads.open(request.params.uploadId, uploadCredentials(request));
      await uploads.delete(access);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );
}
