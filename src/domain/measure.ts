// Counts, hashes and bounds the bytes of a file as they stream to the data store.
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { badRequest, FerryError } from './errors.js';
import type { ByteLimit } from './limits.js';

export class Measurement {
  size = 0;
  private readonly md5 = createHash('md5');
  /** Deduplication's content hash, computed only when it will be used. */
  private readonly sha256: Hash | undefined;

  constructor(
    private readonly limit: ByteLimit | undefined,
    options: { sha256?: boolean } = {},
  ) {
    this.sha256 = options.sha256 ? createHash('sha256') : undefined;
  }

  /**
   * The source's bytes, measured as the consumer pulls them: nothing is read before the data store asks,
   * so an oversized file fails inside the store's own pipeline, which then removes what it wrote.
   */
  wrap(source: Readable): Readable {
    const measure = async function* (this: Measurement) {
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          this.size += chunk.length;
          if (this.limit && this.size > this.limit.bytes) throw this.limit.error();
          this.md5.update(chunk);
          this.sha256?.update(chunk);
          yield chunk;
        }
      } catch (err) {
        // The source is the client's request: when it breaks off or is malformed, that is the client's doing.
        throw err instanceof FerryError ? err : badRequest(`unable to read file data : ${(err as Error).message}`);
      }
    };
    return Readable.from(measure.call(this), { objectMode: false });
  }

  /** Hex MD5 of everything that went through; call once the stream has ended. */
  digest(): string {
    return this.md5.digest('hex');
  }

  /** Hex SHA-256 of everything that went through, when asked for at construction. */
  contentHash(): string | undefined {
    return this.sha256?.digest('hex');
  }
}
