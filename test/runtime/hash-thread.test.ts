// The hashing thread gives the digests node:crypto gives for the same bytes, however they are cut, for files hashed
// side by side, and holds back a reader that outruns it.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StreamHasher, type HashAlgorithm } from '../../src/runtime/hash-thread.js';

const KiB = 1024;

function expected(data: Buffer, algorithms: HashAlgorithm[]): string[] {
  return algorithms.map((algorithm) => createHash(algorithm).update(data).digest('hex'));
}

/** Feeds `data` in pieces of the given sizes, round and round, waiting whenever the hasher asks to. */
async function hashInPieces(data: Buffer, sizes: number[], algorithms: HashAlgorithm[]): Promise<string[]> {
  const hasher = new StreamHasher(algorithms);
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    await hasher.update(data.subarray(at, at + n));
    at += n;
  }
  return hasher.digests();
}

describe('StreamHasher', () => {
  it('gives the MD5 and SHA-256 of bytes cut across batch boundaries, in the order asked', async () => {
    // Pieces smaller and larger than a batch, and odd sizes, so that batches are filled from several chunks and
    // one chunk spans several batches.
    const data = randomBytes(3 * 1024 * KiB + 17);
    const algorithms: HashAlgorithm[] = ['md5', 'sha256'];
    expect(await hashInPieces(data, [1, 65 * KiB + 3, 700 * KiB, 4 * KiB], algorithms)).toEqual(expected(data, algorithms));
    expect(await hashInPieces(data, [1024 * KiB], ['sha256'])).toEqual(expected(data, ['sha256']));
  });

  it('hashes an empty file', async () => {
    expect(await new StreamHasher(['md5']).digests()).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
  });

  it('keeps files hashed at the same time apart', async () => {
    const files = Array.from({ length: 12 }, (_, i) => randomBytes(300 * KiB + i));
    const digests = await Promise.all(files.map((data) => hashInPieces(data, [64 * KiB], ['md5'])));
    expect(digests).toEqual(files.map((data) => expected(data, ['md5'])));
  });

  it('makes a reader wait once two batches are on their way, and lets it go on when they are hashed', async () => {
    const hasher = new StreamHasher(['md5']);
    const data = randomBytes(1024 * KiB);
    // One batch sent: room for another.
    expect(hasher.update(data.subarray(0, 256 * KiB))).toBeUndefined();
    // Two batches sent and no answer yet (the answers come on a later turn of the event loop): wait.
    const wait = hasher.update(data.subarray(256 * KiB, 512 * KiB));
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    await hasher.update(data.subarray(512 * KiB));
    expect(await hasher.digests()).toEqual(expected(data, ['md5']));
  });

  it('forgets an aborted file, and goes on hashing others', async () => {
    const aborted = new StreamHasher(['md5']);
    await aborted.update(randomBytes(600 * KiB));
    aborted.abort();
    await expect(aborted.digests()).rejects.toThrow(/aborted/);
    const data = randomBytes(10 * KiB);
    expect(await hashInPieces(data, [KiB], ['md5'])).toEqual(expected(data, ['md5']));
  });
});
