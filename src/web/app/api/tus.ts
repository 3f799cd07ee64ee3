// Resumable uploads over tus 1.0 when the server offers them: the page creates each file's tus upload itself (so
// that the file has its id before a byte goes), and tus-js-client sends the bytes in chunks from the server's offset.
import { type DetailedError, Upload } from 'tus-js-client';
import { apiUrl } from '../base';
import { ApiError, base64Utf8, baseHeaders, errorFrom } from './client';
import { Cancelled, type SendingFile } from './send-file';
import type { ServerConfig } from './types';

/** What /config says of tus. */
export type TusOffer = ServerConfig['tus'];

const TUS_VERSION = '1.0.0';

/** The server's tus offer, if it makes one this page can use (Plik servers, and Ferry's before tus, make none). */
export function tusOffer(config: ServerConfig): TusOffer | undefined {
  const offer = config.tus as TusOffer | undefined;
  return offer?.enabled && offer.version === TUS_VERSION ? offer : undefined;
}

/**
 * The tus offer to send a new upload's files through, if the server makes one: not for a stream upload (fed to its
 * downloader as it arrives), nor for files over tus's size limit.
 */
export function tusFor(config: ServerConfig, stream: boolean, files: File[]): TusOffer | undefined {
  const offer = tusOffer(config);
  return offer && !stream && files.every((file) => offer.maxSize <= 0 || file.size <= offer.maxSize) ? offer : undefined;
}

export interface TusFile {
  fileId: string;
  /** Where the file's bytes go: HEAD gives its offset, PATCH adds to it, DELETE ends it. */
  url: string;
}

/** Creates the tus upload of one file of a Ferry upload; `credentials` are the headers that prove the right to add it. */
export async function createTusFile(
  offer: TusOffer,
  uploadId: string,
  file: Pick<File, 'name' | 'type' | 'size'>,
  credentials: Record<string, string>,
): Promise<TusFile> {
  const endpoint = apiUrl(offer.path);
  const metadata = { upload: uploadId, filename: file.name, ...(file.type && { filetype: file.type }) };
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...baseHeaders('POST'),
        ...credentials,
        'Tus-Resumable': TUS_VERSION,
        'Upload-Length': String(file.size),
        'Upload-Metadata': Object.entries(metadata)
          .map(([key, value]) => `${key} ${base64Utf8(value)}`)
          .join(','),
      },
    });
  } catch {
    throw new ApiError(0, 'Ferry could not be reached. Check your connection and try again.');
  }
  const location = response.headers.get('Location');
  if (response.status !== 201 || !location) throw errorFrom(response.status, await response.text());
  const url = new URL(location, endpoint).toString();
  const fileId = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  return { fileId, url };
}

/**
 * Sends the file to its tus upload from the offset the server has, in chunks; `onProgress` gets the bytes the
 * server has or is receiving. abort() stops it (the upload stays, to go on later) and rejects `done` with Cancelled.
 */
export function sendByTus(
  url: string,
  file: File | StreamedBytes,
  chunkSize: number,
  credentials: Record<string, string>,
  onProgress: (sent: number) => void,
): SendingFile {
  let upload: Upload | undefined;
  let stop: (err: Error) => void = () => undefined;
  // A stream is read once: tus-js-client keeps the chunk it sends, to send it again, and never more.
  const pieceSize = Math.min(chunkSize > 0 ? chunkSize : Number.POSITIVE_INFINITY, STREAM_CHUNK);
  const streamed = file instanceof File ? undefined : blobsOf(file.stream, pieceSize);
  const done = new Promise<void>((resolve, reject) => {
    stop = reject;
    // tus-js-client's type says Uint8Array chunks; its stream source takes Blobs alike.
    upload = new Upload(streamed ? (streamed.getReader() as unknown as ReadableStreamDefaultReader) : (file as File), {
      uploadUrl: url,
      ...(streamed && { uploadSize: file.size }),
      chunkSize: streamed ? pieceSize : chunkSize > 0 ? chunkSize : Number.POSITIVE_INFINITY,
      // A network that comes back within half a minute is waited for; after that the Retry button (or the
      // browser coming back online) goes on from the offset.
      retryDelays: [0, 1000, 3000, 5000, 10_000, 10_000],
      // Ferry's own record of this browser's unfinished files (state/owned-uploads) is the one place they are kept.
      storeFingerprintForResuming: false,
      headers: credentials,
      onBeforeRequest: (request) => {
        for (const [name, value] of Object.entries(baseHeaders(request.getMethod()))) request.setHeader(name, value);
      },
      onProgress: (sent) => onProgress(sent),
      onSuccess: () => resolve(),
      onError: (err) => reject(tusError(err)),
    });
    upload.start();
  });
  return {
    done,
    abort: () => {
      void upload?.abort();
      stop(new Cancelled());
    },
  };
}

/** Bytes made as they are sent (a file encrypted on the way), of a size known before the first. */
export interface StreamedBytes {
  stream: ReadableStream<Uint8Array>;
  size: number;
}

/** The PATCH size of a streamed file: the chunk held in memory to send again after a failure. */
const STREAM_CHUNK = 8 * 1024 * 1024;

/**
 * The stream as Blobs of `size` bytes (the last shorter). tus-js-client joins what a stream gives until it has a
 * chunk, copying all it holds at each read (64 KiB reads into 8 MiB: each byte copied a hundred times), unless
 * the pieces are Blobs, which it joins and slices without a copy; XMLHttpRequest also sends a Blob some six times
 * faster than the same bytes as an array (50 MB in Chromium: 37 s as arrays, 8.5 s as Blobs, 5 s unencrypted).
 */
function blobsOf(stream: ReadableStream<Uint8Array>, size: number): ReadableStream<Blob> {
  let piece = new Uint8Array(size);
  let used = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Blob>({
      transform(chunk, controller) {
        for (let rest = chunk; rest.length > 0; ) {
          const taken = Math.min(size - used, rest.length);
          piece.set(rest.subarray(0, taken), used);
          used += taken;
          rest = rest.subarray(taken);
          if (used === size) {
            controller.enqueue(new Blob([piece]));
            piece = new Uint8Array(size);
            used = 0;
          }
        }
      },
      flush(controller) {
        if (used > 0) controller.enqueue(new Blob([piece.subarray(0, used)]));
      },
    }),
  );
}

/** Ends a tus upload and its bytes on the server (tus termination); best effort. */
export function terminateTus(url: string, credentials: Record<string, string>): Promise<unknown> {
  return fetch(url, { method: 'DELETE', headers: { ...baseHeaders('DELETE'), ...credentials, 'Tus-Resumable': TUS_VERSION } }).catch(
    () => undefined,
  );
}

/** tus-js-client's error as Ferry's message: the server's own when it answered, else the connection's. */
function tusError(err: Error | DetailedError): ApiError {
  const response = 'originalResponse' in err ? err.originalResponse : null;
  if (!response) return new ApiError(0, 'the connection to Ferry broke off');
  if (response.getStatus() === 404) return new ApiError(404, 'Ferry no longer has this file: its upload expired or was removed');
  return errorFrom(response.getStatus(), response.getBody() ?? '');
}
