// Counts, hashes and bounds the bytes of a file as they stream to the data store.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { badRequest, FerryError, tooLarge } from './errors.js';
import { formatSize } from './sizes.js';

export class Measurement {
  size = 0;
  private readonly md5 = createHash('md5');

  /** maxSize in bytes; 0 or less means no limit. */
  constructor(private readonly maxSize: number) {}

  /**
   * The source's bytes, measured as the consumer pulls them: nothing is read before the data store asks,
   * so an oversized file fails inside the store's own pipeline, which then removes what it wrote.
   */
  wrap(source: Readable): Readable {
    const measure = async function* (this: Measurement) {
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          this.size += chunk.length;
          if (this.maxSize > 0 && this.size > this.maxSize) {
            throw tooLarge(`file too big (limit is set to ${formatSize(this.maxSize)})`);
          }
          this.md5.update(chunk);
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
}
