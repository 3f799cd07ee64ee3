// What the domain needs from a place that keeps file bytes. Streams in, streams out, nothing held whole.
import type { Readable } from 'node:stream';
import { isWellFormedId } from '../model/ids.js';

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
  /**
   * Frees what writes that never finished (the server died) left behind, if the store can leave any: those last
   * touched before `before` (ms since the epoch). Returns how many went.
   */
  removeLeftovers?(before: number): Promise<number>;
}

/** A store that keeps the bytes (every one but stream mode's), and can tell what it holds. */
export interface PersistentDataStore extends DataStore {
  /** How many bytes are stored under `key`, or undefined when none are. */
  size(key: DataKey): Promise<number | undefined>;
}

/**
 * Where a file's bytes live within a store, the same in every store (a folder, a bucket): <2 first chars of
 * upload id>/<upload id>/<file id>. A files folder and a bucket then hold the same tree, which tools can sync.
 */
export function dataPathOf({ uploadId, fileId }: DataKey): string {
  // Ids come from the metadata store, which only makes well-formed ones; checked again as no path may escape.
  if (!isWellFormedId(uploadId) || !isWellFormedId(fileId)) throw new Error('malformed data key');
  return `${uploadId.slice(0, 2)}/${uploadId}/${fileId}`;
}
