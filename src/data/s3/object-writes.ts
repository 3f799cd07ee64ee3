// A file written to S3 in one request: a body that fits in one part is put as one object, a longer one goes as a
// multipart upload with up to queueSize parts in flight. The parts are filled in place, in at most queueSize + 1
// buffers used again from part to part, so that a write holds that much memory whatever the file's size and leaves
// none of it for the GC to find. (The SDK's lib-storage, used before, concatenated a new buffer for each part, which
// then lived until a full GC: a 1 GiB upload peaked ~130 MB above the idle server for ~30 MB of parts in flight.)
import type { Readable } from 'node:stream';
import type { MultipartRequests, SentPart } from './multipart-requests.js';

export interface PartOptions {
  partSize: number;
  queueSize: number;
}

/**
 * S3 shows the object only once it is whole. When the body or S3 fails, the multipart upload is aborted, so that no
 * part is left to pay for, and the body is let go (nobody reads the rest of it).
 */
export async function writeObject(requests: MultipartRequests, objectKey: string, body: Readable, options: PartOptions): Promise<void> {
  const parts = new PartsInFlight(requests, objectKey, options);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) await parts.fill(chunk);
    await parts.end();
  } catch (err) {
    body.destroy();
    await parts.abort();
    throw err;
  }
}

class PartsInFlight {
  private readonly free: Buffer[] = [];
  private part: Buffer;
  private filled = 0;
  private uploadId: string | undefined;
  private partsBegun = 0;
  private readonly sent: SentPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly requests: MultipartRequests,
    private readonly objectKey: string,
    private readonly options: PartOptions,
  ) {
    // allocUnsafe's pages are not touched until written: a small file costs its own size, not a part's.
    this.part = Buffer.allocUnsafe(options.partSize);
  }

  async fill(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length; ) {
      const copied = chunk.copy(this.part, this.filled, at);
      at += copied;
      this.filled += copied;
      if (this.filled === this.options.partSize) await this.send();
    }
  }

  async end(): Promise<void> {
    if (this.uploadId === undefined) {
      await this.requests.put(this.objectKey, this.part.subarray(0, this.filled));
      return;
    }
    // The last part may be shorter than S3's minimum.
    if (this.filled > 0) await this.send();
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    this.sent.sort((a, b) => a.PartNumber - b.PartNumber);
    await this.requests.complete(this.objectKey, this.uploadId, this.sent);
  }

  async abort(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.uploadId !== undefined) await this.requests.abort(this.objectKey, this.uploadId);
  }

  /** Sends the part filled so far once fewer than queueSize are in flight, and goes on in a buffer that is free. */
  private async send(): Promise<void> {
    this.uploadId ??= await this.requests.create(this.objectKey);
    while (this.inFlight.size >= this.options.queueSize) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const buffer = this.part;
    const sending = this.requests
      .uploadPart(this.objectKey, this.uploadId, ++this.partsBegun, buffer.subarray(0, this.filled))
      .then(
        (part) => {
          this.sent.push(part);
          this.free.push(buffer);
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    this.part = this.free.pop() ?? Buffer.allocUnsafe(this.options.partSize);
    this.filled = 0;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
