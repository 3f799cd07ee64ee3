// Counts, hashes and bounds the bytes of a file as they stream to the data store.
import { Readable } from 'node:stream';
import { SNIFF_BYTES } from './content-type.js';
import { badRequest, FerryError } from '../model/errors.js';
import { StreamHasher, type HashAlgorithm } from '../runtime/hash-thread.js';
import type { ByteLimit } from './limits.js';
import { noteRead } from '../runtime/reclaim.js';

export interface Digests {
  /** Hex MD5, Plik's fileMd5, when asked for. */
  md5?: string;
  /** Hex SHA-256, deduplication's content hash, when asked for. */
  sha256?: string;
}

/** What digests bytes as they pass: the hashing thread's StreamHasher, or a resumable file's hashers. */
export interface ByteHasher {
  /** A promise when the caller must wait before it sends more. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** The hex digests, in the order of the algorithms; no more updates after this. */
  digests(): Promise<string[]>;
  abort(): void;
}

export class Measurement {
  size: number;
  private ended: Promise<string[]> | undefined;
  /** The file's first bytes, for its type when neither client nor name says it. */
  private readonly start: Buffer[] = [];
  private startSize = 0;

  /**
   * `algorithms`: the digests to compute, none for a file whose digests must not be kept (encrypted ones).
   * `quota`: reserves the bytes in the owner's quota as they arrive (it answers undefined while they are covered).
   * `resumed`: the bytes go on a file from its `offset` (sizes and limits count from the file's start), hashed by
   * `hasher`, which carries the digests of the bytes before.
   */
  constructor(
    private readonly limit: ByteLimit | undefined,
    private readonly algorithms: HashAlgorithm[],
    private readonly quota?: { cover(size: number): Promise<void> | undefined },
    private readonly resumed?: { offset: number; hasher?: ByteHasher },
  ) {
    this.size = resumed?.offset ?? 0;
  }

  /**
   * The source's bytes, measured as the consumer pulls them: nothing is read before the data store asks,
   * so an oversized file fails inside the store's own pipeline, which then removes what it wrote.
   */
  wrap(source: Readable): Readable {
    const measure = async function* (this: Measurement) {
      // Opened once the store pulls the first bytes: a store failing before that (no folder, no space) never runs
      // this body, and a hashing job opened earlier would be left on its thread for good.
      const hasher: ByteHasher | undefined = this.resumed
        ? this.resumed.hasher
        : this.algorithms.length > 0
          ? new StreamHasher(this.algorithms)
          : undefined;
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          this.size += chunk.length;
          noteRead(chunk.length);
          if (this.limit && this.size > this.limit.bytes) throw this.limit.error();
          const covering = this.quota?.cover(this.size);
          if (covering) await covering;
          if (this.startSize < SNIFF_BYTES && !this.resumed) {
            // A copy: a view would keep the whole chunk in memory for as long as the upload lasts.
            this.start.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - this.startSize)));
            this.startSize += Math.min(chunk.length, SNIFF_BYTES - this.startSize);
          }
          const behind = hasher?.update(chunk);
          if (behind) await behind;
          yield chunk;
        }
        // Asked for now, not when the caller wants them: the hashing thread forgets the file either way.
        this.ended = hasher?.digests() ?? Promise.resolve([]);
        this.ended.catch(() => undefined);
      } catch (err) {
        // The source is the client's request: when it breaks off or is malformed, that is the client's doing.
        throw err instanceof FerryError ? err : badRequest(`unable to read file data : ${whyUnread(err as Error)}`);
      } finally {
        if (!this.ended) hasher?.abort();
      }
    };
    return Readable.from(measure.call(this), { objectMode: false });
  }

  /** Up to SNIFF_BYTES of the file's start; none of a resumed file's, whose bytes here do not start it. */
  head(): Buffer {
    return Buffer.concat(this.start, this.startSize);
  }

  /** The digests of everything that went through; call once the stream has ended. */
  async digests(): Promise<Digests> {
    if (!this.ended) throw new Error('digests asked for before the stream ended');
    const values = await this.ended;
    return Object.fromEntries(this.algorithms.map((algorithm, i) => [algorithm, values[i]!])) as Digests;
  }
}

/**
 * A request cut before its file's end reads as the form parser's "unexpected end of multipart data" or as the stream's
 * "Premature close", whichever comes first (it varies between Node versions): one message says what happened.
 */
function whyUnread(err: Error): string {
  const cut =
    (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || /unexpected end of (form|multipart data)/i.test(err.message);
  return cut ? 'the request ended before the file did (the upload was cut off)' : err.message;
}
