// DataStore for Plik's stream mode: nothing is stored, the uploader's bytes flow straight to one downloader.
// It lives in this process's memory, so both sides must reach the same Ferry instance.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound } from '../../domain/errors.js';
import type { DataKey, DataStore } from '../store.js';

interface Waiting {
  body: Readable;
  /** Hands the downloader's end of the pipe to the uploader, who then streams into it. */
  connect(to: PassThrough): void;
}

export class StreamDataStore implements DataStore {
  private readonly waiting = new Map<string, Waiting>();

  /** Resolves when a downloader has taken every byte; until then the uploader's request stays open. */
  write(key: DataKey, body: Readable): Promise<void> {
    const id = keyOf(key);
    return new Promise<void>((resolve, reject) => {
      const giveUp = (err: Error) => {
        if (this.waiting.get(id)?.body === body) this.waiting.delete(id);
        reject(err);
      };
      body.once('error', giveUp);
      body.once('close', () => giveUp(new Error('uploader went away before a downloader came')));
      this.waiting.set(id, {
        body,
        connect: (to) => {
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
    this.waiting.get(id)?.body.destroy(new Error('file removed'));
    this.waiting.delete(id);
  }
}

const keyOf = ({ uploadId, fileId }: DataKey) => `${uploadId}/${fileId}`;
