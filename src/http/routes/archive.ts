// GET and HEAD /archive/:uploadId/:name.zip: every uploaded file of an upload in one streamed zip.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import { downloadLimitOf } from '../../domain/uploads.js';
import type { Services } from '../../domain/services.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { setDownloadHeaders } from '../download-headers.js';
import { sendDownload } from './downloads.js';
import { downloadQuery, type DownloadQuery } from './params.js';

const archiveParams = Type.Object({
  uploadId: Type.String({ maxLength: 256 }),
  name: Type.String({ maxLength: 4096, examples: ['photos.zip'] }),
});
type ArchiveParams = Static<typeof archiveParams>;
type ArchiveRequest = FastifyRequest<{ Params: ArchiveParams; Querystring: DownloadQuery }>;

const schema = { tags: ['Downloads'], params: archiveParams, querystring: downloadQuery };

export async function archiveRoutes(app: FastifyInstance, { uploads, downloads }: Services) {
  const prepare = async (request: ArchiveRequest, reply: FastifyReply) => {
    const { uploadId, name } = request.params;
    const access = await uploads.open(uploadId, uploadCredentials(request));
    downloads.checkArchivable(access);
    if (name.length > 1024) throw badRequest('invalid archive name too long, maximum 1024 characters');
    if (!name.endsWith('.zip')) throw badRequest('invalid archive name, missing .zip extension');
    setDownloadHeaders(reply, {
      name,
      type: 'application/zip',
      attachment: Boolean(request.query.dl),
      // A zip counts a download of each file: a shared cache must not hand it out again.
      noCache: downloadLimitOf(access.upload) > 0,
    });
    return access;
  };

  // A browser without the password gets the form of the upload's /d page, which answers its files (several: a zip).
  const config = { ...ACCEPTS_USER_TOKEN, unlockedByPage: (request: FastifyRequest) => (request.params as ArchiveParams).uploadId };

  app.head<{ Params: ArchiveParams; Querystring: DownloadQuery }>(
    '/archive/:uploadId/:name',
    { schema: { ...schema, summary: "The zip's headers" }, config },
    async (request, reply) => {
      await prepare(request, reply);
      return reply.send();
    },
  );

  app.get<{ Params: ArchiveParams; Querystring: DownloadQuery }>(
    '/archive/:uploadId/:name',
    { schema: { ...schema, summary: 'Every file of the upload in one streamed zip' }, config },
    async (request, reply) => {
      const access = await prepare(request, reply);
      return sendDownload(reply, await downloads.archive(access));
    },
  );
}
