// GET and HEAD /{file,stream}/:uploadId/:fileId/:fileName: file bytes, whole or by Range; the same answers
// serve the other routes that send a file (hotlinks, the download page).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import { FileChunks } from '../../data/file/file-chunks.js';
import type { ByteRange } from '../../data/store.js';
import type { Download, DownloadService } from '../../domain/downloads.js';
import { FerryError } from '../../model/errors.js';
import type { UploadFile } from '../../model/model.js';
import type { UploadAccess } from '../../domain/uploads.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import { answerHandedOver, offloads } from '../download-offload.js';
import { servedAs, setDownloadHeaders } from '../download-headers.js';
import type { RouteServices } from '../http-options.js';
import { downloadQuery, FILE_MODES, fileParams, type DownloadQuery, type FileParams } from './params.js';

type DownloadRequest = FastifyRequest<{ Params: FileParams; Querystring: DownloadQuery }>;

export async function downloadRoutes(app: FastifyInstance, { uploads, files, downloads, http }: RouteServices) {
  const target = async (request: DownloadRequest): Promise<FileTarget> => {
    const { uploadId, fileId, fileName } = request.params;
    const access = await uploads.open(uploadId, uploadCredentials(request));
    return { access, file: await files.find(access, fileId, fileName), attachment: Boolean(request.query.dl) };
  };

  for (const mode of FILE_MODES) {
    const route = `/${mode}/:uploadId/:fileId/:fileName`;
    // The /d page has a file once it is uploaded: a stream's file, still on its way, keeps Basic auth's dialog.
    const unlockedByPage = mode === 'file' ? { unlockedByPage: (request: FastifyRequest) => (request.params as FileParams).fileId } : {};
    const config = { ...ACCEPTS_USER_TOKEN, ...unlockedByPage };
    const schema = { tags: ['Downloads'], params: fileParams, querystring: downloadQuery };
    app.head<{ Params: FileParams; Querystring: DownloadQuery }>(
      route,
      { schema: { ...schema, summary: "A file's headers, without counting a download" }, config },
      async (request, reply) => sendFileHead(downloads, reply, await target(request)),
    );
    app.get<{ Params: FileParams; Querystring: DownloadQuery }>(
      route,
      { schema: { ...schema, summary: "A file's bytes, whole or by Range (dl=1: as an attachment)" }, config },
      async (request, reply) => sendFile({ downloads, http }, request, reply, await target(request)),
    );
  }
}

/** A file as a request reached it, and whether it is to be saved (attachment) rather than shown. */
export interface FileTarget {
  access: UploadAccess;
  file: UploadFile;
  attachment: boolean;
}

/** The headers of a file's answer; true when a Range may be honoured. */
function prepareFile(downloads: DownloadService, reply: FastifyReply, { access, file, attachment }: FileTarget): boolean {
  downloads.checkAvailable(access, file);
  const served = servedAs(file.type);
  setDownloadHeaders(reply, {
    name: file.name,
    type: served.type,
    attachment: attachment || !served.inline,
    // A shared cache must not hand out a file whose downloads are counted.
    noCache: access.upload.oneShot || access.upload.stream || file.downloadLimit > 0,
  });
  const acceptsRange = downloads.acceptsRange(access, file);
  if (acceptsRange) reply.header('Accept-Ranges', 'bytes');
  return acceptsRange;
}

/** HEAD: a file's headers and length, without counting a download. */
export function sendFileHead(downloads: DownloadService, reply: FastifyReply, target: FileTarget): FastifyReply {
  prepareFile(downloads, reply, target);
  if (target.file.size > 0) reply.header('Content-Length', target.file.size);
  return reply.send();
}

/**
 * GET: a file's bytes, whole or the Range asked for, counted against its limit once they have all gone out; or
 * handed over to the part that sends them in Ferry's place (DownloadOffload), counted once it was told.
 */
export async function sendFile(
  { downloads, http }: Pick<RouteServices, 'downloads' | 'http'>,
  request: FastifyRequest,
  reply: FastifyReply,
  target: FileTarget,
): Promise<FastifyReply> {
  const { access, file } = target;
  const acceptsRange = prepareFile(downloads, reply, target);
  const range = acceptsRange ? requestedRange(request.headers.range, file) : undefined;
  const offload = http.downloadOffload;
  if (offloads(offload, downloads, request, access, file)) {
    const handed = await downloads.handOver(access, file, range);
    await answerHandedOver(offload, handed, reply).catch(async (err) => {
      await handed.settle(false);
      throw err;
    });
    return settledOnClose(reply, handed).send();
  }
  const download = await downloads.open(access, file, range);
  if (download.range) {
    const { start, end } = download.range;
    reply
      .code(206)
      .header('Content-Range', `bytes ${start}-${end}/${file.size}`)
      .header('Content-Length', end - start + 1);
  } else if (file.size > 0 && !access.upload.stream) {
    reply.header('Content-Length', file.size);
  }
  return sendDownload(reply, download);
}

/** Sends the bytes and settles the download once the response is over, counting it only if it went out whole. */
export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  // Fastify pipes the body to the response and nothing else reads it: its buffers may be read into again once sent.
  if (download.body instanceof FileChunks) download.body.reuseBuffersOnceSent(reply.raw);
  return settledOnClose(reply, download).send(download.body);
}

function settledOnClose(reply: FastifyReply, { settle }: Pick<Download, 'settle'>): FastifyReply {
  reply.raw.once('close', () => {
    settle(reply.raw.writableFinished).catch((err) => reply.log.error({ err }, 'settling a download failed'));
  });
  return reply;
}

/** The one range asked for, or none: several ranges or a malformed header get the whole file. */
export function requestedRange(header: string | undefined, file: UploadFile): ByteRange | undefined {
  if (!header) return undefined;
  const ranges = parseRange(file.size, wholeForLongSuffixes(header, file.size), { combine: true });
  if (ranges === -1) throw new RangeNotSatisfiable(file.size);
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  const [range] = ranges;
  return range && { start: range.start, end: range.end };
}

/**
 * RFC 9110 (14.1.2): a suffix range longer than the file ("bytes=-N", N past its size) asks for all of it, which
 * range-parser takes as unsatisfiable. Such suffixes become the file's size; an empty file has no bytes to give.
 */
function wholeForLongSuffixes(header: string, size: number): string {
  if (size === 0) return header;
  return header.replace(/(^\s*bytes\s*=|,)(\s*)-(\d+)/gi, (spec, lead: string, space: string, length: string) =>
    Number(length) > size ? `${lead}${space}-${size}` : spec,
  );
}

class RangeNotSatisfiable extends FerryError {
  constructor(readonly size: number) {
    super('range_not_satisfiable', `requested range not satisfiable (file size is ${size})`);
  }
}
