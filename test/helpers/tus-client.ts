// tus as clients speak it to Ferry: tus-js-client (the protocol authors' client, which no one here wrote) for whole
// uploads, and the protocol's requests by hand for what a test must set exactly (offsets, checksums, bad input).
import { Upload, type UploadOptions } from 'tus-js-client';
import type { UploadJson } from './plik-client.js';

/** The tus endpoint of a Ferry at `base` (its URL, Path included), with the default TusPath. */
export const tusEndpoint = (base: string) => `${base}/tus/`;

/** The base64 Upload-Metadata of a file for this upload. */
export function uploadMetadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

/**
 * Uploads `content` through tus-js-client in pieces of `chunkSize`, into `upload` (its upload token sent), and
 * resolves with the file's tus URL once the last piece is in.
 */
export function tusUpload(
  base: string,
  upload: Pick<UploadJson, 'id' | 'uploadToken'>,
  content: Buffer,
  options: Partial<UploadOptions> & { name?: string } = {},
): Promise<string> {
  const { name = 'data.bin', headers, metadata, ...rest } = options;
  return new Promise((resolve, reject) => {
    const client = new Upload(content, {
      endpoint: tusEndpoint(base),
      chunkSize: 64 * 1024,
      retryDelays: [],
      metadata: { upload: upload.id, filename: name, ...metadata },
      headers: { 'X-UploadToken': upload.uploadToken ?? '', ...headers },
      onError: reject,
      onSuccess: () => resolve(client.url!),
      ...rest,
    });
    client.start();
  });
}

/** POST {tus}: a new resumable file of `length` bytes; its Location. */
export async function tusCreate(
  base: string,
  upload: Pick<UploadJson, 'id' | 'uploadToken'>,
  length: number,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(tusEndpoint(base), {
    method: 'POST',
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(length),
      'Upload-Metadata': uploadMetadata({ upload: upload.id, filename: 'data.bin' }),
      'X-UploadToken': upload.uploadToken ?? '',
      ...headers,
    },
  });
  if (response.status !== 201) throw new Error(`creation answered ${response.status}: ${await response.text()}`);
  return response.headers.get('location')!;
}

/** PATCH bytes at `offset` of the file at `location`. */
export function tusPatch(
  location: string,
  upload: Pick<UploadJson, 'uploadToken'>,
  offset: number,
  body: Uint8Array<ArrayBuffer> | ReadableStream,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(location, {
    method: 'PATCH',
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
      'X-UploadToken': upload.uploadToken ?? '',
      ...headers,
    },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** HEAD of the file at `location`: its offset, or the status when it answers otherwise than 200. */
export async function tusOffset(location: string, upload: Pick<UploadJson, 'uploadToken'>): Promise<number> {
  const response = await fetch(location, {
    method: 'HEAD',
    headers: { 'Tus-Resumable': '1.0.0', 'X-UploadToken': upload.uploadToken ?? '' },
  });
  if (response.status !== 200) throw new Error(`HEAD answered ${response.status}`);
  return Number(response.headers.get('upload-offset'));
}
