// Ferry's encrypted format read back whatever sizes the stored bytes arrive in: a sealed chunk may lie inside one
// buffer, straddle two, or be spread over many small ones.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, decrypt, encrypt, HEADER_SIZE, readHeader, sealedRangeOf } from '../../src/data/encryption/chunked-gcm.js';

const secret = randomBytes(32);

async function collect(parts: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const part of parts) out.push(part);
  return Buffer.concat(out);
}

async function* once(bytes: Buffer) {
  yield bytes;
}

/** `bytes` in pieces of `size` bytes, as a store's reads would hand them over. */
async function* inPieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('chunked AES-GCM', () => {
  const plain = randomBytes(3 * CHUNK_SIZE + 1234);
  const sealedFile = collect(encrypt(once(plain), secret));

  it('decrypts whole files and ranges, whatever the sizes of the buffers the sealed bytes come in', async () => {
    const file = await sealedFile;
    const header = readHeader(file.subarray(0, HEADER_SIZE), secret);
    const SEALED = CHUNK_SIZE + 16;
    const ranges = [
      { start: 0, end: plain.length - 1 },
      { start: 5, end: CHUNK_SIZE + 10 },
      { start: 2 * CHUNK_SIZE - 1, end: 2 * CHUNK_SIZE },
      { start: plain.length - 3, end: plain.length - 1 },
    ];
    for (const size of [1, 17, SEALED - 1, SEALED, SEALED + 1, 1024 * 1024]) {
      for (const range of ranges) {
        const { firstChunk, sealed } = sealedRangeOf(range.start, range.end, plain.length);
        const bytes = file.subarray(sealed.start, sealed.end + 1);
        const opened = await collect(decrypt(inPieces(bytes, size), header, { ...range, size: plain.length }, firstChunk));
        expect(opened.equals(plain.subarray(range.start, range.end + 1)), `pieces of ${size}, ${range.start}-${range.end}`).toBe(true);
      }
    }
  });

  it('fails on a changed byte or a missing end, never yielding what it could not check', async () => {
    const file = await sealedFile;
    const header = readHeader(file.subarray(0, HEADER_SIZE), secret);
    const whole = { start: 0, end: plain.length - 1, size: plain.length };
    const changed = Buffer.from(file.subarray(HEADER_SIZE));
    changed[CHUNK_SIZE + 100]! ^= 1;
    await expect(collect(decrypt(inPieces(changed, 1000), header, whole, 0))).rejects.toThrow('corrupt');
    const cut = file.subarray(HEADER_SIZE, file.length - 100);
    await expect(collect(decrypt(inPieces(cut, 4096), header, whole, 0))).rejects.toThrow('corrupt');
  });
});
