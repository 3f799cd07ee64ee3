// Adding and removing files: POST /file/:id, POST|DELETE /{file,stream}/:id/:fileId/:name, and the quick POST /.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../../domain/errors.js';
import { plikFileSchema, toPlikFile } from '../../protocol/plik.js';
import { creatorAccess } from '../../domain/uploads.js';
import type { Services } from '../app.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { acceptMultipart, fileFromMultipart } from '../multipart.js';
import { publicBase } from '../public-url.js';
import { FILE_MODES, fileParams, uploadParams, type FileParams, type UploadParams } from './params.js';

export async function fileRoutes(app: FastifyInstance, { config, uploads, files }: Services) {
  await acceptMultipart(app);
  const sendFile = async (request: FastifyRequest<{ Params: UploadParams & Partial<FileParams> }>) => {
    const part = await fileFromMultipart(request);
    const { uploadId, fileId, fileName } = request.params;
    if (fileName !== undefined && part.filename !== fileName) throw badRequest('invalid file name');
    const access = await uploads.open(uploadId, uploadCredentials(request));
    const file = await files.add(access, { fileId, name: part.filename, type: part.mimetype, body: part.file });
    return toPlikFile(file);
  };

  app.post('/file/:uploadId', { schema: { params: uploadParams, response: { 200: plikFileSchema } }, config: ACCEPTS_USER_TOKEN }, sendFile);
  for (const mode of FILE_MODES) {
    app.post(`/${mode}/:uploadId/:fileId/:fileName`, { schema: { params: fileParams, response: { 200: plikFileSchema } }, config: ACCEPTS_USER_TOKEN }, sendFile);
    app.delete<{ Params: FileParams }>(`/${mode}/:uploadId/:fileId/:fileName`, { schema: { params: fileParams }, config: ACCEPTS_USER_TOKEN }, async (request, reply) => {
      const { uploadId, fileId, fileName } = request.params;
      const access = await uploads.open(uploadId, uploadCredentials(request));
      await files.remove(access, await files.find(access, fileId, fileName));
      return reply.type('text/plain; charset=utf-8').send('ok');
    });
  }

  // Quick upload for curl users: an upload with default options, one file, and its URL back as text.
  app.post('/', { config: ACCEPTS_USER_TOKEN }, async (request, reply) => {
    const part = await fileFromMultipart(request);
    const created = await uploads.create({}, request.requester);
    const { upload, linkSecret } = created;
    const access = creatorAccess(created);
    const file = await files.add(access, { name: part.filename, type: part.mimetype, body: part.file });
    const base = publicBase(request, config);
    const key = linkSecret === undefined ? '' : `?key=${linkSecret}`;
    const url = `${base}/file/${upload.id}/${file.id}/${encodeURIComponent(file.name)}${key}`;
    return reply.type('text/plain; charset=utf-8').send(`${url}\n`);
  });
}
