// A file's bytes, or a range of them, as a stream of chunks of a chosen size, read at known positions from an open
// handle, which closes with the stream however it ends.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { noteRead } from '../../runtime/reclaim.js';

export class FileChunks extends Readable {
  private position: number;
  private remaining: number;

  constructor(
    private readonly handle: FileHandle,
    { start, length, chunkSize }: { start: number; length: number; chunkSize: number },
  ) {
    super({ highWaterMark: chunkSize });
    this.position = start;
    this.remaining = length;
  }

  override _read(size: number): void {
    if (this.remaining <= 0) {
      this.push(null);
      return;
    }
    const n = Math.min(size, this.remaining);
    this.handle.read(Buffer.allocUnsafeSlow(n), 0, n, this.position).then(
      ({ bytesRead, buffer }) => {
        noteRead(bytesRead);
        // A file cut shorter since it was opened ends the stream there, as a read to the end of the file would.
        if (bytesRead === 0) return void this.push(null);
        this.position += bytesRead;
        this.remaining -= bytesRead;
        this.push(bytesRead < n ? buffer.subarray(0, bytesRead) : buffer);
      },
      (err: Error) => this.destroy(err),
    );
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(err),
      (closeErr: Error) => callback(err ?? closeErr),
    );
  }
}
