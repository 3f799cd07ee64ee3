// tus 1.0.0 at TusPath: OPTIONS, creation (POST, with or without bytes), HEAD, PATCH and termination (DELETE) of a
// resumable file. Each belongs to a Ferry upload, with the credentials a file POST takes, and becomes its file as a
// one-request POST makes it. tus's own statuses, plain-text bodies; Tus-Resumable on every answer.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { FerryError } from '../../model/errors.js';
import type { ResumableStatus } from '../../domain/resumable-files.js';
import type { Services } from '../../domain/services.js';
import {
  byteCount,
  CHECKSUM_ALGORITHMS,
  CreationHeaders,
  parseChecksum,
  parseUploadMetadata,
  PatchHeaders,
  TUS_CONTENT_TYPE,
  TUS_VERSION,
  TusFileParams,
  TusHeaders,
  tusExtensions,
  tusMaxSize,
} from '../../protocol/tus.js';
import { ACCEPTS_USER_TOKEN, PUBLIC_ROUTE } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { requestBase } from '../public-url.js';

const tags = ['Resumable uploads'];
/** A route that takes a file's bytes, read as they come (documented, never parsed). */
const BYTES_ROUTE = { ...ACCEPTS_USER_TOKEN, documentedBody: { contentType: TUS_CONTENT_TYPE, schema: Type.String({ format: 'binary' }) } };
const noBody = (description: string) => Type.Null({ description });

export async function tusRoutes(app: FastifyInstance, { config, uploads, resumable, addressLimits }: Services) {
  if (!config.TusEnabled) return;
  const path = config.TusPath;
  const filePath = `${path}:uploadId/:fileId`;
  // Bytes come in one type only, read by the store as they arrive: nothing is parsed, nothing else accepted.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(TUS_CONTENT_TYPE, (_request, _payload, done) => done(null));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' || request.headers['tus-resumable'] === TUS_VERSION) return;
    reply.header('Tus-Version', TUS_VERSION);
    throw new FerryError('precondition_failed', `this server speaks tus ${TUS_VERSION}: send Tus-Resumable: ${TUS_VERSION}`);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Tus-Resumable', TUS_VERSION);
    return payload;
  });

  /** The request's bytes, if it carries some (tus's Content-Type); metered against the address without an account. */
  const bytesOf = (request: FastifyRequest, upload: { userId: string | null }): Readable | undefined => {
    const type = request.headers['content-type'];
    if (type === undefined && !hasBody(request)) return undefined;
    if (type?.split(';')[0]?.trim().toLowerCase() !== TUS_CONTENT_TYPE) {
      throw new FerryError('unsupported_media_type', `bytes must come as ${TUS_CONTENT_TYPE}`);
    }
    return upload.userId ? request.raw : addressLimits.meterAnonymousBytes(request.requester.remoteIp, request.raw);
  };
  const sendStatus = (reply: FastifyReply, code: number, status: ResumableStatus) => {
    reply.code(code).header('Upload-Offset', String(status.offset));
    if (status.expiresAt !== undefined) reply.header('Upload-Expires', new Date(status.expiresAt).toUTCString());
    return reply;
  };

  const options = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply
      .code(204)
      .header('Tus-Version', TUS_VERSION)
      .header('Tus-Extension', tusExtensions(config).join(','))
      .header('Tus-Checksum-Algorithm', CHECKSUM_ALGORITHMS.join(','));
    if (tusMaxSize(config) > 0) reply.header('Tus-Max-Size', String(tusMaxSize(config)));
    return reply.send();
  };
  const optionsSchema = { tags, summary: 'What the tus server speaks: version, extensions, size limit, checksums' };
  app.options(path, { schema: { ...optionsSchema, response: { 204: noBody('In headers only') } }, config: PUBLIC_ROUTE }, options);
  app.options(
    filePath,
    { schema: { ...optionsSchema, params: TusFileParams, response: { 204: noBody('In headers only') } }, config: PUBLIC_ROUTE },
    options,
  );

  app.post<{ Headers: CreationHeaders }>(
    path,
    {
      schema: {
        tags,
        summary: 'Create a resumable file in an upload (Upload-Metadata names it), with its first bytes if sent',
        headers: CreationHeaders,
        response: { 201: noBody('Location: where to HEAD, PATCH and DELETE the file') },
      },
      config: BYTES_ROUTE,
    },
    async (request, reply) => {
      const metadata = parseUploadMetadata(request.headers['upload-metadata']);
      const length = byteCount(request.headers['upload-length']);
      if (length === undefined && request.headers['upload-defer-length'] !== '1') {
        throw new FerryError('bad_request', 'Upload-Length (or Upload-Defer-Length: 1) is required');
      }
      const access = await uploads.open(metadata.uploadId, uploadCredentials(request));
      const body = bytesOf(request, access.upload);
      const checksum = parseChecksum(request.headers['upload-checksum']);
      const created = await resumable.create(access, { name: metadata.name, type: metadata.type, length });
      const status = body
        ? await resumable.append(access, created.file.id, { offset: 0, body, checksum, declaredSize: declaredSizeOf(request) })
        : created.status;
      reply.header('Location', `${requestBase(request, config)}${path}${access.upload.id}/${created.file.id}`);
      return sendStatus(reply, 201, status).send();
    },
  );

  /** A route on one file's tus URL, answering `code` with headers only, described as `answer`. */
  const fileRoute = (summary: string, headers: TSchema, code: number, answer: string, config: object = ACCEPTS_USER_TOKEN) => ({
    schema: { tags, summary, params: TusFileParams, headers, response: { [code]: noBody(answer) } },
    config,
  });
  type FileRequest = FastifyRequest<{ Params: TusFileParams }>;
  const accessOf = (request: FileRequest) => uploads.open(request.params.uploadId, uploadCredentials(request));

  app.head<{ Params: TusFileParams }>(
    filePath,
    fileRoute(
      'Where a resumable file stands: Upload-Offset, and Upload-Length (or Upload-Defer-Length: 1)',
      TusHeaders,
      200,
      'In headers only',
    ),
    async (request, reply) => {
      const status = await resumable.status(await accessOf(request), request.params.fileId);
      sendStatus(reply, 200, status).header('Cache-Control', 'no-store');
      if (status.length === null) reply.header('Upload-Defer-Length', '1');
      else reply.header('Upload-Length', String(status.length));
      return reply.send();
    },
  );

  app.patch<{ Params: TusFileParams; Headers: PatchHeaders }>(
    filePath,
    fileRoute(
      'Send bytes of a resumable file from its offset; the last one makes the file uploaded',
      PatchHeaders,
      204,
      'Upload-Offset: where the file stands now',
      BYTES_ROUTE,
    ),
    async (request, reply) => {
      const access = await accessOf(request);
      const body = bytesOf(request, access.upload);
      if (!body) throw new FerryError('unsupported_media_type', `bytes must come as ${TUS_CONTENT_TYPE}`);
      const status = await resumable.append(access, request.params.fileId, {
        offset: byteCount(request.headers['upload-offset'])!,
        length: byteCount(request.headers['upload-length']),
        checksum: parseChecksum(request.headers['upload-checksum']),
        declaredSize: declaredSizeOf(request),
        body,
      });
      return sendStatus(reply, 204, status).send();
    },
  );

  app.delete<{ Params: TusFileParams }>(
    filePath,
    fileRoute('Terminate a resumable file: stop it, free its bytes', TusHeaders, 204, 'Terminated'),
    async (request, reply) => {
      await resumable.terminate(await accessOf(request), request.params.fileId);
      return reply.code(204).send();
    },
  );
}

/** A request with a body: a length above 0, or chunked. */
const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || (Number(request.headers['content-length']) || 0) > 0;

const declaredSizeOf = (request: FastifyRequest) => {
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
};
