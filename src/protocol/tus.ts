// tus 1.0.0's wire shapes (https://tus.io/protocols/resumable-upload): the headers a resumable upload is spoken in,
// read into what the domain takes, and what the server announces of itself.
import { Type, type Static } from 'typebox';
import type { Config } from '../config/schema.js';
import { badRequest } from '../model/errors.js';

export const TUS_VERSION = '1.0.0';
/** The one Content-Type of a PATCH (and of a creation that carries bytes). */
export const TUS_CONTENT_TYPE = 'application/offset+octet-stream';
export const CHECKSUM_ALGORITHMS = ['sha1', 'md5', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/**
 * The extensions this server speaks. A deferred length (creation-defer-length) only where no file size limit
 * applies: a file of unknown size could not be refused at its creation. Concatenation is not offered.
 */
export function tusExtensions(config: Pick<Config, 'MaxFileSize'>): string[] {
  return [
    'creation',
    'creation-with-upload',
    ...(config.MaxFileSize > 0 ? [] : ['creation-defer-length']),
    'expiration',
    'checksum',
    'termination',
  ];
}

/** tus's Tus-Max-Size: the server's file size limit, 0 for none. */
export const tusMaxSize = (config: Pick<Config, 'MaxFileSize'>) => Math.max(0, config.MaxFileSize);

const integerText = (description: string) => Type.String({ pattern: '^[0-9]{1,16}$', description });

/** Headers every request but OPTIONS carries. */
const tusResumable = Type.String({ maxLength: 16, description: 'The protocol version the client speaks: 1.0.0' });

export const CreationHeaders = Type.Object({
  'tus-resumable': Type.Optional(tusResumable),
  'upload-length': Type.Optional(integerText('Bytes the file will have')),
  'upload-defer-length': Type.Optional(Type.Literal('1', { description: 'The length is told later, in a PATCH' })),
  'upload-metadata': Type.Optional(
    Type.String({
      maxLength: 16 * 1024,
      description: 'upload (the Ferry upload id, required), filename (required), filetype: each "key base64(value)", comma-separated',
    }),
  ),
  'upload-checksum': Type.Optional(Type.String({ maxLength: 256, description: 'Creation with upload: "sha1|md5|sha256 base64(digest)"' })),
});
export type CreationHeaders = Static<typeof CreationHeaders>;

export const PatchHeaders = Type.Object({
  'tus-resumable': Type.Optional(tusResumable),
  'upload-offset': integerText('Where these bytes go: the offset HEAD gave'),
  'upload-length': Type.Optional(integerText('The length of a file created with Upload-Defer-Length, once known')),
  'upload-checksum': Type.Optional(
    Type.String({ maxLength: 256, description: '"sha1|md5|sha256 base64(digest)" of this request\'s bytes' }),
  ),
});
export type PatchHeaders = Static<typeof PatchHeaders>;

export const TusHeaders = Type.Object({ 'tus-resumable': Type.Optional(tusResumable) });

/** A file's tus address: its Ferry upload and file ids. */
export const TusFileParams = Type.Object({
  uploadId: Type.String({ minLength: 1, maxLength: 256 }),
  fileId: Type.String({ minLength: 1, maxLength: 256 }),
});
export type TusFileParams = Static<typeof TusFileParams>;

/** What a creation's Upload-Metadata says of the file. */
export interface CreationMetadata {
  uploadId: string;
  name: string;
  type?: string;
}

/**
 * Upload-Metadata: comma-separated pairs of a key and the base64 of its value (a key alone has an empty value).
 * `upload` and `filename` are required; keys that mean nothing here are ignored.
 */
export function parseUploadMetadata(header: string | undefined): CreationMetadata {
  const pairs = new Map<string, string>();
  for (const pair of header?.trim() ? header.split(',') : []) {
    const match = /^\s*([!-+\--~]+)(?: ([A-Za-z0-9+/]*={0,2}))?\s*$/.exec(pair);
    if (!match) throw badRequest('malformed Upload-Metadata: expected comma-separated "key base64(value)" pairs');
    const [, key, value = ''] = match;
    if (pairs.has(key!)) throw badRequest(`malformed Upload-Metadata: ${key} given twice`);
    pairs.set(key!, Buffer.from(value, 'base64').toString('utf8'));
  }
  const uploadId = pairs.get('upload');
  const name = pairs.get('filename');
  if (!uploadId) throw badRequest('Upload-Metadata must name the Ferry upload the file goes to (key "upload")');
  if (!name) throw badRequest('Upload-Metadata must give the file a name (key "filename")');
  const type = pairs.get('filetype');
  return { uploadId, name, type: type || undefined };
}

/** Upload-Checksum: an algorithm this server knows and the digest's bytes. */
export function parseChecksum(header: string | undefined): { algorithm: ChecksumAlgorithm; digest: Buffer } | undefined {
  if (header === undefined) return undefined;
  const match = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim());
  if (!match) throw badRequest('malformed Upload-Checksum: expected "algorithm base64(digest)"');
  const algorithm = match[1] as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) {
    throw badRequest(`unsupported checksum algorithm ${match[1]}: use ${CHECKSUM_ALGORITHMS.join(', ')}`);
  }
  return { algorithm, digest: Buffer.from(match[2]!, 'base64') };
}

/** An Upload-Length or Upload-Offset header's bytes. */
export const byteCount = (text: string | undefined) => (text === undefined ? undefined : Number(text));
