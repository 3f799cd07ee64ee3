// Downloads whose bytes another part sends once Ferry has checked and counted them (DownloadOffload): the proxy in
// front, told by X-Accel-Redirect where the file is in its internal location over the files folder, or the S3
// server, to which the client is redirected with a short-lived presigned GET.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import { dataPathOf, isPresigning, type DataStore, type PresigningDataStore } from '../data/store.js';
import type { DownloadService, HandedDownload } from '../domain/downloads.js';
import type { UploadAccess } from '../domain/uploads.js';
import type { UploadFile } from '../model/model.js';

export type DownloadOffload =
  | { to: 'ferry' }
  /** nginx and Caddy alike: the internal location's path, then the file's path in the store's key layout. */
  | { to: 'proxy'; prefix: string }
  | { to: 'bucket'; store: PresigningDataStore; seconds: number; oneTime: boolean };

export function downloadOffloadOf(config: Config, data: DataStore): DownloadOffload {
  switch (config.DownloadOffload) {
    case 'none':
      return { to: 'ferry' };
    case 'nginx':
    case 'caddy':
      return { to: 'proxy', prefix: config.DownloadOffloadPrefix };
    case 's3-presigned':
      // The config allows it on S3 alone, whose store presigns.
      if (!isPresigning(data)) throw new Error('DownloadOffload "s3-presigned" needs the S3 data store');
      return { to: 'bucket', store: data, seconds: config.DownloadOffloadTTL, oneTime: config.DownloadOffloadOneTime };
  }
}

/** Headers with which the proxy would answer something else than the whole file: a part, or 304 Not Modified. */
const PARTIAL_ANSWER_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since'];

/**
 * Whether this download may be sent by the offload. Counted files go only to requests that the proxy or S3 answers
 * with the whole file, as Ferry would: half a file, or none (304), is not a download, and Ferry counts a handed-over
 * download when it hands it over. On S3, files limited to one download stay with Ferry unless DownloadOffloadOneTime
 * says otherwise: a presigned URL can be replayed until it expires, past the one download allowed.
 */
export function offloads(
  offload: DownloadOffload,
  downloads: DownloadService,
  request: FastifyRequest,
  access: UploadAccess,
  file: UploadFile,
): offload is Exclude<DownloadOffload, { to: 'ferry' }> {
  if (offload.to === 'ferry' || !downloads.canHandOver(access)) return false;
  if (file.downloadLimit > 0 && PARTIAL_ANSWER_HEADERS.some((name) => request.headers[name] !== undefined)) return false;
  return offload.to === 'proxy' || file.downloadLimit !== 1 || offload.oneTime;
}

/**
 * Answers a handed-over download, its headers set already (type, disposition, caching, security): the proxy keeps
 * them and adds the bytes; S3 is given them in the presigned URL, as only a 302 goes out from here. Resolves with
 * nothing: a reply is a promise of its own end, which awaiting it here would wait for.
 */
export async function answerHandedOver(
  offload: Exclude<DownloadOffload, { to: 'ferry' }>,
  handed: HandedDownload,
  reply: FastifyReply,
): Promise<void> {
  // Built from the store's own key layout, never from the request: the prefix, then <ab>/<upload id>/<file id>.
  if (offload.to === 'proxy') return void reply.header('X-Accel-Redirect', `${offload.prefix}${dataPathOf(handed.key)}`);
  const url = await offload.store.presignRead(handed.key, {
    seconds: offload.seconds,
    contentType: String(reply.getHeader('Content-Type')),
    // S3 writes the value back as it is given: the UTF-8 name goes in filename* alone, `?` for its bytes in filename.
    contentDisposition: String(reply.getHeader('Content-Disposition')).replace(/[^\x20-\x7e]/g, '?'),
    cacheControl: reply.getHeader('Cache-Control') as string | undefined,
  });
  for (const name of ['Content-Type', 'Content-Disposition', 'Content-Security-Policy', 'Accept-Ranges', 'Pragma', 'Expires'])
    reply.removeHeader(name);
  // The redirect itself is for this request alone: a cache that kept it would hand the URL to others.
  reply.code(302).header('Location', url).header('Cache-Control', 'no-store');
}
