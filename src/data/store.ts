// What the domain needs from a place that keeps file bytes. Streams in, streams out, nothing held whole.
import type { Readable } from 'node:stream';

export interface DataKey {
  uploadId: string;
  fileId: string;
}

/** Inclusive byte positions, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface DataStore {
  /**
   * Stores everything `body` yields under `key`. The data becomes readable only once the last byte is safe;
   * when `body` fails the promise rejects and nothing is left behind.
   */
  write(key: DataKey, body: Readable): Promise<void>;
  /** The stored bytes, or only `range` of them. Rejects with a not_found FerryError when there are none. */
  read(key: DataKey, range?: ByteRange): Promise<Readable>;
  /** Frees the data; a key that holds nothing is not an error. */
  remove(key: DataKey): Promise<void>;
}
