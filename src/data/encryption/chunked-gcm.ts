// Ferry's encrypted file format: AES-256-GCM over fixed-size chunks, so that files stream both ways and a Range
// can be served by decrypting only the chunks it touches.
//
//   header: "FRY1" | salt (16) | nonce prefix (8)
//   chunks: ciphertext of CHUNK_SIZE plaintext bytes (the last one shorter, possibly empty) | GCM tag (16)
//
// The file key is HKDF-SHA256(secret, salt). Each chunk's nonce is the prefix and the chunk's index; its
// additional data is the index and a last-chunk flag, so chunks cannot be reordered, dropped or truncated unseen.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { FerryError, tooLarge } from '../../model/errors.js';

export const CHUNK_SIZE = 64 * 1024;
const MAGIC = Buffer.from('FRY1');
const SALT_SIZE = 16;
const PREFIX_SIZE = 8;
const TAG_SIZE = 16;
export const HEADER_SIZE = MAGIC.length + SALT_SIZE + PREFIX_SIZE;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;

export interface Header {
  key: Buffer;
  prefix: Buffer;
}

const deriveKey = (secret: Buffer, salt: Buffer) => Buffer.from(hkdfSync('sha256', secret, salt, 'ferry file key v1', 32));

function nonceOf(prefix: Buffer, index: number): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, PREFIX_SIZE);
  return nonce;
}

function additionalData(index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(5);
  aad.writeUInt32BE(index, 0);
  aad[4] = last ? 1 : 0;
  return aad;
}

/** Bytes the encrypted form of `plainSize` bytes takes. */
export function sealedSize(plainSize: number): number {
  return HEADER_SIZE + plainSize + Math.max(1, Math.ceil(plainSize / CHUNK_SIZE)) * TAG_SIZE;
}

/** A new file's header, with the key and nonce prefix it gives. */
export function newHeader(secret: Buffer): { bytes: Buffer; header: Header } {
  const salt = randomBytes(SALT_SIZE);
  const prefix = randomBytes(PREFIX_SIZE);
  return { bytes: Buffer.concat([MAGIC, salt, prefix]), header: { key: deriveKey(secret, salt), prefix } };
}

/** Encrypts a stream chunk by chunk; holds at most one chunk and one incoming buffer in memory. */
export async function* encrypt(source: AsyncIterable<Buffer>, secret: Buffer): AsyncGenerator<Buffer> {
  const { bytes, header } = newHeader(secret);
  yield bytes;
  for await (const chunk of sealChunks(source, header, { firstChunk: 0, length: 'source end' })) yield chunk.sealed;
}

export interface SealedChunk {
  sealed: Buffer;
  /** Plaintext bytes in it. */
  plainSize: number;
  /** It carries the last-chunk flag: the file ends with it. */
  last: boolean;
}

/**
 * Seals plaintext from chunk `firstChunk` on. The file ends where `length` says, or at the source's end; when its
 * end is not known (undefined) or not reached, what the source leaves that fills no chunk known not to be the last
 * is not sealed (the caller's offset stays before it). Bytes past `length` are refused.
 */
export async function* sealChunks(
  source: AsyncIterable<Buffer>,
  { key, prefix }: Header,
  { firstChunk, length }: { firstChunk: number; length: number | 'source end' | undefined },
): AsyncGenerator<SealedChunk> {
  const seal = (index: number, plain: Buffer, last: boolean): SealedChunk => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceOf(prefix, index));
    cipher.setAAD(additionalData(index, last));
    return { sealed: Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]), plainSize: plain.length, last };
  };
  let pending: Buffer = Buffer.alloc(0);
  let index = firstChunk;
  // A full chunk is sealed only once it is known not to be the last: more bytes follow it, or the length says so.
  const notLast = () => pending.length > CHUNK_SIZE || (typeof length === 'number' && (index + 1) * CHUNK_SIZE < length);
  for await (const data of source) {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    if (typeof length === 'number' && index * CHUNK_SIZE + pending.length > length) throw tooLarge(`more bytes than the file's ${length}`);
    while (pending.length >= CHUNK_SIZE && notLast()) {
      yield seal(index++, pending.subarray(0, CHUNK_SIZE), false);
      pending = pending.subarray(CHUNK_SIZE);
    }
  }
  if (length === 'source end' || index * CHUNK_SIZE + pending.length === length) yield seal(index, pending, true);
}

export function readHeader(header: Buffer, secret: Buffer): Header {
  if (header.length !== HEADER_SIZE || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt();
  const salt = header.subarray(MAGIC.length, MAGIC.length + SALT_SIZE);
  return { key: deriveKey(secret, salt), prefix: header.subarray(MAGIC.length + SALT_SIZE) };
}

/** Which sealed bytes hold plaintext bytes start..end (inclusive) of a file of plainSize bytes. */
export function sealedRangeOf(start: number, end: number, plainSize: number) {
  const firstChunk = Math.floor(start / CHUNK_SIZE);
  const lastChunk = Math.max(0, Math.floor(end / CHUNK_SIZE));
  const sealedEnd = Math.min(HEADER_SIZE + (lastChunk + 1) * SEALED_CHUNK_SIZE, sealedSize(plainSize)) - 1;
  return { firstChunk, sealed: { start: HEADER_SIZE + firstChunk * SEALED_CHUNK_SIZE, end: sealedEnd } };
}

/**
 * Decrypts sealed chunks starting at chunk `firstChunk` and yields plaintext bytes start..end of the file.
 * Any tampering fails the GCM check and ends the stream with an error, never with garbage.
 */
export async function* decrypt(
  sealed: AsyncIterable<Buffer>,
  header: Header,
  plain: { start: number; end: number; size: number },
  firstChunk: number,
): AsyncGenerator<Buffer> {
  const lastOfFile = Math.max(0, Math.ceil(plain.size / CHUNK_SIZE) - 1);
  let index = firstChunk;
  const open = (chunk: Buffer) => {
    if (chunk.length < TAG_SIZE) throw corrupt();
    const decipher = createDecipheriv('aes-256-gcm', header.key, nonceOf(header.prefix, index));
    decipher.setAAD(additionalData(index, index === lastOfFile));
    decipher.setAuthTag(chunk.subarray(chunk.length - TAG_SIZE));
    let opened: Buffer;
    try {
      opened = decipher.update(chunk.subarray(0, chunk.length - TAG_SIZE));
      // GCM gives out every byte in update(); final() only checks the tag.
      decipher.final();
    } catch {
      throw corrupt();
    }
    // Keep only the requested part of this chunk.
    const chunkStart = index * CHUNK_SIZE;
    const from = Math.max(0, plain.start - chunkStart);
    const to = Math.min(opened.length, plain.end - chunkStart + 1);
    index++;
    return opened.subarray(from, Math.max(from, to));
  };
  // Sealed chunks are opened where they lie in the incoming buffers; only one that straddles two buffers is copied
  // together. Joining every buffer to the leftover of the last would copy each byte once more. What one buffer holds
  // goes on as one piece: a write per 64 KiB chunk cost the event loop more than the copy does.
  let straddling: Buffer[] = [];
  let straddlingSize = 0;
  for await (const data of sealed) {
    const opened: Buffer[] = [];
    let at = 0;
    if (straddlingSize > 0) {
      at = Math.min(data.length, SEALED_CHUNK_SIZE - straddlingSize);
      straddling.push(data.subarray(0, at));
      straddlingSize += at;
      if (straddlingSize < SEALED_CHUNK_SIZE) continue;
      opened.push(open(Buffer.concat(straddling, straddlingSize)));
      straddling = [];
      straddlingSize = 0;
    }
    for (; data.length - at >= SEALED_CHUNK_SIZE; at += SEALED_CHUNK_SIZE) opened.push(open(data.subarray(at, at + SEALED_CHUNK_SIZE)));
    if (at < data.length) {
      straddling.push(data.subarray(at));
      straddlingSize += data.length - at;
    }
    const piece = opened.length === 1 ? opened[0]! : Buffer.concat(opened);
    if (piece.length > 0) yield piece;
  }
  if (straddlingSize > 0) {
    const part = open(Buffer.concat(straddling, straddlingSize));
    if (part.length > 0) yield part;
  }
  if (index <= Math.floor(Math.max(0, plain.end) / CHUNK_SIZE) && plain.size > 0) throw corrupt();
}

const corrupt = () => new FerryError('internal', 'encrypted data is corrupt or the key is wrong');
