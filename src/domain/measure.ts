// Counts, hashes and bounds the bytes of a file as they stream to the data store.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { tooLarge } from './errors.js';
import { formatSize } from './sizes.js';

export class MeasuringStream extends Transform {
  size = 0;
  private readonly md5: Hash = createHash('md5');

  /** maxSize in bytes; 0 or less means no limit. */
  constructor(private readonly maxSize: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.maxSize > 0 && this.size > this.maxSize) {
      callback(tooLarge(`file too big (limit is set to ${formatSize(this.maxSize)})`));
      return;
    }
    this.md5.update(chunk);
    callback(null, chunk);
  }

  /** Hex MD5 of everything that went through; call once the stream has ended. */
  digest(): string {
    return this.md5.digest('hex');
  }
}
