// Adding and removing files: POST /file/:id, POST|DELETE /{file,stream}/:id/:fileId/:name, and the quick POST /.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../../model/errors.js';
import { toPlikFile } from '../../protocol/plik.js';
import { MultipartFileSchema, PlikFileSchema } from '../../protocol/plik-wire.js';
import { uploadOneFile } from '../../domain/one-file-upload.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { acceptMultipart, fileFromMultipart } from '../multipart.js';
import { publicBase } from '../public-url.js';
import { allowStreamWait } from '../stream-wait.js';
import { FILE_MODES, fileParams, uploadParams, type FileParams, type UploadParams } from './params.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Files'];

export async function fileRoutes(app: FastifyInstance, { http, uploads, files, addressLimits }: RouteServices) {
  await acceptMultipart(app);
  // An upload without an account counts its bytes against the sender's address (AnonymousBytesPerHour).
  const bodyOf = (request: FastifyRequest, upload: { userId: string | null }, part: { file: Readable }) =>
    upload.userId ? part.file : addressLimits.meterAnonymousBytes(request.requester.remoteIp, part.file);
  const sendFile = async (request: FastifyRequest<{ Params: UploadParams & Partial<FileParams> }>) => {
    const part = await fileFromMultipart(request);
    const { uploadId, fileId, fileName } = request.params;
    if (fileName !== undefined && part.filename !== fileName) throw badRequest('invalid file name');
    const access = await uploads.open(uploadId, uploadCredentials(request));
    if (access.upload.stream) allowStreamWait(request, http.connections);
    // The request's length bounds the file's: the owner's quota may reserve it whole at once.
    const sizeBound = Number(request.headers['content-length']) || undefined;
    const body = bodyOf(request, access.upload, part);
    const file = await files.add(access, { fileId, name: part.filename, type: part.mimetype, body, sizeBound });
    return toPlikFile(access.upload, file, access.isAdmin);
  };

  const fileRoute = { ...ACCEPTS_USER_TOKEN, documentedBody: { contentType: 'multipart/form-data', schema: MultipartFileSchema } };
  const summary = 'Add a file to an upload';
  app.post(
    '/file/:uploadId',
    { schema: { tags, summary, params: uploadParams, response: { 200: PlikFileSchema } }, config: fileRoute },
    sendFile,
  );
  for (const mode of FILE_MODES) {
    app.post(
      `/${mode}/:uploadId/:fileId/:fileName`,
      {
        schema: {
          tags,
          summary: 'Send a file declared at the creation of the upload',
          params: fileParams,
          response: { 200: PlikFileSchema },
        },
        config: fileRoute,
      },
      sendFile,
    );
    app.delete<{ Params: FileParams }>(
      `/${mode}/:uploadId/:fileId/:fileName`,
      { schema: { tags, summary: 'Remove a file', params: fileParams }, config: ACCEPTS_USER_TOKEN },
      async (request, reply) => {
        const { uploadId, fileId, fileName } = request.params;
        const access = await uploads.open(uploadId, uploadCredentials(request));
        await files.remove(access, await files.find(access, fileId, fileName));
        return reply.type('text/plain; charset=utf-8').send('ok');
      },
    );
  }

  // Quick upload for curl users: an upload with default options, one file, and its URL back as text.
  app.post(
    '/',
    { schema: { tags, summary: "Quick upload: one file in an upload of the server's defaults, its URL back as text" }, config: fileRoute },
    async (request, reply) => {
      const part = await fileFromMultipart(request);
      // Made for the requester: anonymous unless a user's token or session came.
      const body = bodyOf(request, { userId: request.requester.user?.id ?? null }, part);
      const incoming = { name: part.filename, type: part.mimetype, body };
      const { access, file, linkSecret } = await uploadOneFile({ uploads, files }, {}, request.requester, incoming);
      const { upload } = access;
      const base = publicBase(request, http);
      const key = linkSecret === undefined ? '' : `?key=${linkSecret}`;
      const url = `${base}/file/${upload.id}/${file.id}/${encodeURIComponent(file.name)}${key}`;
      return reply.type('text/plain; charset=utf-8').send(`${url}\n`);
    },
  );
}
