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

/** One file's bytes as the domain writes and reads them: a store itself, or a view of it (the file's encryption). */
export type FileView = Pick<DataStore, 'write' | 'read'>;

/** A store that keeps the bytes (every one but stream mode's), and can tell what it holds. */
export interface PersistentDataStore extends DataStore {
  /** How many bytes are stored under `key`, or undefined when none are. */
  size(key: DataKey): Promise<number | undefined>;
}

/** A store whose bytes a client may fetch itself, without Ferry in between: an S3 bucket, by presigned URLs. */
export interface PresigningDataStore {
  /**
   * A URL that lets whoever holds it GET the bytes under `key` (a Range of them too) for `seconds`; the answer
   * carries the type and disposition given, as the store cannot know them.
   */
  presignRead(key: DataKey, answer: PresignedAnswer): Promise<string>;
}

export interface PresignedAnswer {
  seconds: number;
  contentType: string;
  contentDisposition: string;
  cacheControl?: string;
}

export const isPresigning = (store: object): store is PresigningDataStore => 'presignRead' in store;

/**
 * Where a file's bytes live within a store, the same in every store (a folder, a bucket): <2 first chars of
 * upload id>/<upload id>/<file id>. A files folder and a bucket then hold the same tree, which tools can sync.
 */
export function dataPathOf({ uploadId, fileId }: DataKey): string {
  // Ids come from the metadata store, which only makes well-formed ones; checked again as no path may escape.
  if (!isWellFormedId(uploadId) || !isWellFormedId(fileId)) throw new Error('malformed data key');
  return `${uploadId.slice(0, 2)}/${uploadId}/${fileId}`;
}

/**
 * Where a file being built over several requests stands (a tus upload). All of it is kept in the metadata store
 * by the caller, so that any instance can go on from it: the store itself remembers nothing between calls.
 */
export interface PartialFile {
  /** Bytes of the file that are durable so far. */
  offset: number;
  /** What the store needs to go on (an S3 multipart upload's id and parts, an encryption header…): plain JSON. */
  state: unknown;
}

export interface AppendOptions {
  /** The file's whole length when known: the append that reaches it writes the file's end. */
  length?: number;
  /**
   * Awaited each time the bytes up to a new offset are durable, before the store goes on. Offsets reported are
   * multiples of `checkpointSize` counted from the file's start, or where the append ends (see `endAlignment`; the
   * last report, when the offset moved, is the one `append` resolves with). A rejection stops the append (the caller lost
   * its claim on the file): `append` then rejects with it. The caller need not keep every state reported: the next
   * append may start from the last state it kept, whichever reports came since (a request whose checksum fails at
   * its end moves nothing), but never from one older than that.
   */
  durable(partial: PartialFile): Promise<void>;
}

/** A store that can build a file across requests and instances, without temp files on local disk. */
export interface ResumableDataStore {
  /**
   * The granularity of durable offsets (a part of an S3 multipart upload, a stretch of the encrypted format): the
   * caller keeps what it derives from the bytes (digests) at each multiple, to store next to the offset.
   */
  readonly checkpointSize: number;
  /**
   * Where an append ends: at its body's end, or, for a store that keeps only whole blocks (the encrypted view: 64 KiB
   * chunks, and a chunk only once it is known not to be the file's last), at the last multiple of this before it;
   * 1 for a store that keeps every byte. The caller goes on from the offset `append` resolves with (a tus client
   * sends again from the offset it is told). A caller that derives digests hashes a block of this size only once a
   * byte after it has come, so that it can stop where the store did.
   */
  readonly endAlignment: number;
  /** Starts a file under `key`, empty; nothing is readable under `key` until `finish`. */
  begin(key: DataKey): Promise<PartialFile>;
  /**
   * Writes `body` from `partial.offset` on and resolves with where the file then stands. Bytes past the last
   * durable offset that a failed or cut-off body leaves are forgotten: the next append starts from the last state
   * the caller kept, overwriting them. At most `checkpointSize` bytes plus one incoming buffer are held in memory.
   * Bytes past `options.length` reject the append with a too_large FerryError. One append at a time per file: the
   * caller's claim on the file sees to it (two at once would write over each other's bytes).
   */
  append(key: DataKey, partial: PartialFile, body: Readable, options: AppendOptions): Promise<PartialFile>;
  /**
   * Makes the built file, of `partial.offset` bytes, the data readable under `key`. A finish repeated once it
   * succeeded is not an error (the caller may have failed to keep that it did).
   */
  finish(key: DataKey, partial: PartialFile): Promise<void>;
  /** Frees a file being built (terminated or expired); a file already gone is not an error. */
  abort(key: DataKey, partial: PartialFile): Promise<void>;
}

/** A store that keeps files and builds them across requests: what `openDataStore` opens (a folder, a bucket). */
export interface DataBackendStore extends PersistentDataStore, ResumableDataStore {}
