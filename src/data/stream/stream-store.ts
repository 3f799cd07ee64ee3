// DataStore for Plik's stream mode: nothing is stored, the uploader's bytes flow straight to one downloader.
// It lives in this process's memory, so both sides must reach the same Ferry instance.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FerryError, notFound } from '../../model/errors.js';
import type { DataKey, DataStore } from '../store.js';

interface Waiting {
  body: Readable;
  /** Hands the downloader's end of the pipe to the uploader, who then streams into it. */
  connect(to: PassThrough): void;
}

export class StreamDataStore implements DataStore {
  private readonly waiting = new Map<string, Waiting>();

  /** `waitSeconds`: how long an uploader waits for its downloader (0: as long as it stays connected). */
  constructor(private readonly waitSeconds = 0) {}

  /** Resolves when a downloader has taken every byte; until then the uploader's request stays open. */
  write(key: DataKey, body: Readable): Promise<void> {
    const id = keyOf(key);
    return new Promise<void>((resolve, reject) => {
      const giveUp = (err: Error) => {
        clearTimeout(timer);
        if (this.waiting.get(id)?.body === body) this.waiting.delete(id);
        reject(err);
      };
      // Each waiting upload holds a connection and its client: one nobody comes for must not hold them for ever.
      const timer =
        this.waitSeconds > 0
          ? setTimeout(
              () =>
                giveUp(
                  new FerryError(
                    'timeout',
                    `no downloader came for file ${key.fileId} within ${this.waitSeconds}s: stream upload given up, send it again`,
                  ),
                ),
              this.waitSeconds * 1000,
            )
          : undefined;
      body.once('error', giveUp);
      body.once('close', () => giveUp(new Error('uploader went away before a downloader came')));
      this.waiting.set(id, {
        body,
        connect: (to) => {
          clearTimeout(timer);
          body.removeListener('error', giveUp);
          body.removeAllListeners('close');
          pipeline(body, to).then(resolve, reject);
        },
      });
    });
  }

  async read(key: DataKey): Promise<Readable> {
    const id = keyOf(key);
    const waiting = this.waiting.get(id);
    if (!waiting) throw notFound(`file ${key.fileId} is not being streamed`);
    // One downloader only: the next one finds nothing waiting.
    this.waiting.delete(id);
    const pipe = new PassThrough();
    waiting.connect(pipe);
    return pipe;
  }

  async remove(key: DataKey): Promise<void> {
    const id = keyOf(key);
    // The uploader still waiting is told why its request ends (DELETE /stream/…: cancelled by the upload's admin).
    this.waiting
      .get(id)
      ?.body.destroy(
        new FerryError('conflict', `file ${key.fileId} was removed while it waited for a downloader: stream upload cancelled`),
      );
    this.waiting.delete(id);
  }
}

const keyOf = ({ uploadId, fileId }: DataKey) => `${uploadId}/${fileId}`;
