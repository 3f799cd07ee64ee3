// GET and HEAD /{file,stream}/:uploadId/:fileId/:fileName: file bytes, whole or by Range.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import type { ByteRange } from '../../data/store.js';
import type { Download } from '../../domain/downloads.js';
import { FerryError } from '../../domain/errors.js';
import type { UploadFile } from '../../domain/model.js';
import type { Services } from '../app.js';
import { uploadCredentials } from '../credentials.js';
import { servedContentType, setDownloadHeaders } from '../download-headers.js';
import { FILE_MODES, fileParams, type FileParams } from './params.js';

type DownloadRequest = FastifyRequest<{ Params: FileParams; Querystring: { dl?: string } }>;

const querystring = { type: 'object', properties: { dl: { type: 'string', maxLength: 16 }, key: { type: 'string', maxLength: 256 } } } as const;

export async function downloadRoutes(app: FastifyInstance, { uploads, files, downloads }: Services) {
  const prepare = async (request: DownloadRequest, reply: FastifyReply) => {
    const { uploadId, fileId, fileName } = request.params;
    const access = await uploads.open(uploadId, uploadCredentials(request));
    const file = await files.find(access, fileId, fileName);
    downloads.checkAvailable(access, file);
    setDownloadHeaders(reply, {
      name: file.name,
      type: servedContentType(file.type),
      attachment: Boolean(request.query.dl),
      noCache: access.upload.oneShot || access.upload.stream,
    });
    const acceptsRange = downloads.acceptsRange(access, file);
    if (acceptsRange) reply.header('Accept-Ranges', 'bytes');
    return { access, file, acceptsRange };
  };

  for (const mode of FILE_MODES) {
    const route = `/${mode}/:uploadId/:fileId/:fileName`;
    const schema = { params: fileParams, querystring };

    app.head<{ Params: FileParams; Querystring: { dl?: string } }>(route, { schema }, async (request, reply) => {
      const { file } = await prepare(request, reply);
      if (file.size > 0) reply.header('Content-Length', file.size);
      return reply.send();
    });

    app.get<{ Params: FileParams; Querystring: { dl?: string } }>(route, { schema }, async (request, reply) => {
      const { access, file, acceptsRange } = await prepare(request, reply);
      const range = acceptsRange ? requestedRange(request.headers.range, file) : undefined;
      const download = await downloads.open(access, file, range);
      if (download.range) {
        const { start, end } = download.range;
        reply.code(206).header('Content-Range', `bytes ${start}-${end}/${file.size}`).header('Content-Length', end - start + 1);
      } else if (file.size > 0 && !access.upload.stream) {
        reply.header('Content-Length', file.size);
      }
      return sendDownload(reply, download);
    });
  }
}

/** Sends the bytes and settles the download once the response is over, counting it only if it went out whole. */
export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  reply.raw.once('close', () => {
    download.settle(reply.raw.writableFinished).catch((err) => reply.log.error({ err }, 'settling a download failed'));
  });
  return reply.send(download.body);
}

/** The one range asked for, or none: several ranges or a malformed header get the whole file. */
function requestedRange(header: string | undefined, file: UploadFile): ByteRange | undefined {
  if (!header) return undefined;
  const ranges = parseRange(file.size, header, { combine: true });
  if (ranges === -1) throw new RangeNotSatisfiable(file.size);
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  const [range] = ranges;
  return range && { start: range.start, end: range.end };
}

class RangeNotSatisfiable extends FerryError {
  constructor(readonly size: number) {
    super('range_not_satisfiable', `requested range not satisfiable (file size is ${size})`);
  }
}
