// A file's bytes, or a range of them, as a stream of chunks of a chosen size, read at known positions from an open
// handle, which closes with the stream however it ends.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { noteRead } from '../../runtime/reclaim.js';

/** What the chunks are written to: the bytes given to it and not yet sent on (an http.ServerResponse counts its socket's). */
export interface ChunkSink {
  readonly writableLength: number;
}

export class FileChunks extends Readable {
  private position: number;
  private remaining: number;
  private sink: ChunkSink | undefined;
  /** With a sink: the buffers pushed, oldest first, each with the stream offset its bytes end at. */
  private readonly lent: { buffer: Buffer; end: number }[] = [];
  private pushed = 0;

  constructor(
    private readonly handle: FileHandle,
    { start, length, chunkSize }: { start: number; length: number; chunkSize: number },
  ) {
    super({ highWaterMark: chunkSize });
    this.position = start;
    this.remaining = length;
  }

  /**
   * Reads into the same few buffers again once `sink`, the only consumer of this stream, has sent them on: no chunk
   * per read for the GC to find dead, so that 200 downloads hold ~3 chunks each instead of the tens of MB of sent
   * chunks a GC frees only once they have aged into the old generation. Only for a consumer that writes each chunk
   * to the sink as it takes it (a pipe to the response) and keeps no reference: anything else would see a buffer
   * change under it.
   */
  reuseBuffersOnceSent(sink: ChunkSink): void {
    this.sink = sink;
  }

  override _read(size: number): void {
    if (this.remaining <= 0) {
      this.push(null);
      return;
    }
    const n = Math.min(size, this.remaining);
    const target = this.sink ? this.reusedBuffer(n) : Buffer.allocUnsafeSlow(n);
    this.handle.read(target, 0, n, this.position).then(
      ({ bytesRead, buffer }) => {
        if (!this.sink) noteRead(bytesRead);
        // A file cut shorter since it was opened ends the stream there, as a read to the end of the file would.
        if (bytesRead === 0) return void this.push(null);
        this.position += bytesRead;
        this.remaining -= bytesRead;
        this.pushed += bytesRead;
        if (this.sink) this.lent.push({ buffer, end: this.pushed });
        this.push(bytesRead < buffer.length ? buffer.subarray(0, bytesRead) : buffer);
      },
      (err: Error) => this.destroy(err),
    );
  }

  /**
   * The oldest buffer whose bytes have all left: taken from this stream (pushed less what waits in its own buffer)
   * and no longer waiting in the sink. The sink may count bytes of its own (headers), which only makes this wait
   * longer, never too little. Otherwise a new one.
   */
  private reusedBuffer(n: number): Buffer {
    const sent = this.pushed - this.readableLength - (this.sink?.writableLength ?? 0);
    const oldest = this.lent[0];
    if (oldest && oldest.end <= sent && oldest.buffer.length >= n) {
      this.lent.shift();
      return oldest.buffer.length === n ? oldest.buffer : oldest.buffer.subarray(0, n);
    }
    return Buffer.allocUnsafeSlow(n);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(err),
      (closeErr: Error) => callback(err ?? closeErr),
    );
  }
}
