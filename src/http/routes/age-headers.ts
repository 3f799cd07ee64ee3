// GET /age-header/:uploadId/:fileId/:fileName: an end-to-end encrypted file's age header, never counted as a
// download, so that the page refuses a wrong key before it takes one (src/domain/age-header.ts).
import type { FastifyInstance } from 'fastify';
import { AGE_HEADER_MAX_BYTES, ageHeaderOf } from '../../domain/age-header.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import type { RouteServices } from '../http-options.js';
import { fileParams, type FileParams } from './params.js';

export async function ageHeaderRoutes(app: FastifyInstance, { uploads, files, downloads }: RouteServices) {
  app.get<{ Params: FileParams }>(
    '/age-header/:uploadId/:fileId/:fileName',
    {
      schema: {
        tags: ['Downloads'],
        summary: "An end-to-end encrypted file's age header and payload nonce, not counted as a download",
        description:
          'What a client needs to check its key or passphrase before downloading: the bytes up to the end of the payload nonce, ' +
          `none of the encrypted chunks. 400 for a file not encrypted end to end or in stream mode, 415 without a binary age header in the first ${AGE_HEADER_MAX_BYTES / 1024} KiB.`,
        params: fileParams,
      },
      config: { ...ACCEPTS_USER_TOKEN, jsonErrors: true },
    },
    async (request, reply) => {
      const { uploadId, fileId, fileName } = request.params;
      const access = await uploads.open(uploadId, uploadCredentials(request));
      const file = await files.find(access, fileId, fileName);
      const header = await ageHeaderOf(downloads, access, file);
      return reply.type('application/octet-stream').header('Cache-Control', 'private, no-cache').send(header);
    },
  );
}
