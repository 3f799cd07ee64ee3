// tus 1.0 (core and creation) for `ferry upload`, on the client's one request function: create a file's tus upload,
// ask the server's offset (HEAD), send the rest of the file from there in PATCHes of the server's chunk size, each
// streamed from disk. A PATCH that breaks off is taken up again from the offset the server has, a few times.
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerConfig } from '../../protocol/plik-wire.js';
import { TUS_CONTENT_TYPE, TUS_VERSION } from '../../protocol/tus.js';
import { CliError } from './errors.js';
import { checkStatus, type Headers, type ServerApi } from './http.js';
import { counted, type Counter } from './progress.js';

/** What /config says of tus. */
export type TusOffer = ServerConfig['tus'];

const TUS: Headers = { 'Tus-Resumable': TUS_VERSION };

/** The server's tus offer, if it makes one this client speaks (Plik servers, and Ferry's before tus, make none). */
export const usableTus = (offer: TusOffer | undefined) => (offer?.enabled && offer.version === TUS_VERSION ? offer : undefined);

/** Waits between attempts at a PATCH that broke off; a PATCH that moved the offset starts the count again. */
const RETRY_DELAYS_MS = [500, 2000, 5000, 10_000];
/** Answers worth trying again: a busy or restarting server or proxy, an upload locked by a PATCH still running. */
const RETRY_STATUSES = new Set([408, 409, 423, 429, 500, 502, 503, 504]);

export interface TusFile {
  /** The file's tus upload. */
  url: string;
  /** The headers that prove the right to add to the upload. */
  credentials: Headers;
}

/** Creates the tus upload of one file of a Ferry upload, and answers its URL. */
export async function createTusFile(
  api: ServerApi,
  offer: TusOffer,
  file: { uploadId: string; name: string; type: string; size: number },
  credentials: Headers,
  signal: AbortSignal,
): Promise<string> {
  const endpoint = api.url(offer.path);
  const metadata = { upload: file.uploadId, filename: file.name, filetype: file.type };
  const response = await api.send(endpoint, {
    method: 'POST',
    headers: {
      ...TUS,
      ...credentials,
      'Upload-Length': file.size,
      'Upload-Metadata': Object.entries(metadata)
        .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
        .join(','),
    },
    signal,
  });
  await checkStatus(response, `creating the upload of ${file.name}`);
  response.body.resume();
  const location = response.headers.location;
  if (!location) throw new CliError(`creating the upload of ${file.name}: the server answered no Location`);
  return new URL(location, endpoint).toString();
}

/** The bytes the server has of a tus upload; undefined when it has no such upload (any more). */
export async function tusOffset(api: ServerApi, file: TusFile, signal: AbortSignal): Promise<number | undefined> {
  const response = await api.send(new URL(file.url), { method: 'HEAD', headers: { ...TUS, ...file.credentials }, signal });
  response.body.resume();
  if (response.status === 404 || response.status === 410) return undefined;
  await checkStatus(response, 'asking how much of the file the server has');
  return offsetIn(response.headers['upload-offset']);
}

function offsetIn(header: string | string[] | undefined): number {
  const offset = Number(header);
  if (typeof header !== 'string' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new CliError(`the server answered a tus offset that is not one: ${JSON.stringify(header)}`);
  }
  return offset;
}

export interface TusSource {
  path: string;
  name: string;
  size: number;
}

/**
 * Sends the file's bytes from `offset` on, `chunkSize` at most per PATCH (0: all in one). `count` hears of every
 * byte read, and of bytes to take back (negative) when a retry starts again below what it had read.
 */
export async function sendFrom(
  api: ServerApi,
  file: TusFile,
  source: TusSource,
  start: { offset: number; chunkSize: number },
  count: Counter,
  signal: AbortSignal,
): Promise<void> {
  let offset = start.offset;
  let attempt = 0;
  while (offset < source.size) {
    const length = start.chunkSize > 0 ? Math.min(start.chunkSize, source.size - offset) : source.size - offset;
    let read = 0;
    const bytes = counted(createReadStream(source.path, { start: offset, end: offset + length - 1 }), (n) => {
      read += n;
      count(n);
    });
    try {
      const response = await api.send(new URL(file.url), {
        method: 'PATCH',
        headers: {
          ...TUS,
          ...file.credentials,
          'Upload-Offset': offset,
          'Content-Type': TUS_CONTENT_TYPE,
          'Content-Length': length,
        },
        body: bytes,
        signal,
      });
      if (response.status === 204) {
        response.body.resume();
        const next = offsetIn(response.headers['upload-offset']);
        count(next - offset - read);
        if (next > offset) attempt = 0;
        offset = next;
        continue;
      }
      if (!RETRY_STATUSES.has(response.status)) await checkStatus(response, `sending ${source.name}`);
      response.body.resume();
      throw new CliError(`sending ${source.name}: the server answered ${response.status}`, 1, response.status);
    } catch (err) {
      bytes.destroy();
      if (signal.aborted || !retryable(err) || attempt >= RETRY_DELAYS_MS.length) throw err;
      await sleep(RETRY_DELAYS_MS[attempt++], undefined, { signal });
      // The bytes of the broken PATCH the server kept count; the others go again.
      const kept = await tusOffset(api, file, signal).catch(() => offset);
      if (kept === undefined) throw new CliError(`sending ${source.name}: the server no longer has its upload`, 1, 404);
      count(kept - offset - read);
      offset = kept;
    }
  }
}

/** A failure that another attempt may get past: the connection, or an answer that says "later". */
const retryable = (err: unknown) => !(err instanceof CliError) || err.status === undefined || RETRY_STATUSES.has(err.status);
