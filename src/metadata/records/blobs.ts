// Blob records: deduplicated bytes shared by the files of one content, counted by reference and freed after the last.
import type { FileStatus } from '../../model/model.js';
import type { FileRef } from './files.js';

/** Bytes kept in the data store under one key, and their size as uploaded (encryption at rest adds some). */
export interface StoredData extends FileRef {
  size: number;
}

/** What a file taken out leaves to free: its own bytes unless it referenced a blob, and the blob if it was the last. */
export interface Release {
  blobHash: string | null;
  /** The blob whose last reference this was: its bytes are to go, then deleteDeadBlob. */
  deadBlob?: DeadBlob;
}

export interface DeadBlob extends FileRef {
  hash: string;
}

export interface BlobRecords {
  /**
   * Takes a file out for good: moves it to `deleted` if its status is one of `from` and, in the same transaction,
   * drops its blob reference. Only the one caller that wins the move gets an answer, so a file releases its
   * blob once; undefined for the others. The winner then frees the bytes the answer names.
   */
  releaseFile(fileId: string, from: FileStatus[]): Promise<Release | undefined>;
  /** Where the blob with this content hash keeps its bytes, while files reference it. */
  findBlob(hash: string): Promise<FileRef | undefined>;
  /** Blobs whose last reference went and whose bytes are still to be freed (the freer died, or is at it). */
  deadBlobs(limit: number): Promise<DeadBlob[]>;
  /** Forgets a dead blob once its bytes are gone; nothing when the blob of that hash and key is not dead. */
  deleteDeadBlob(blob: DeadBlob): Promise<void>;
  /**
   * Every key of the data store that holds bytes, page by page: uploaded files with bytes of their own, then
   * deduplicated blobs. For moving the bytes to another store (ferry migrate-data).
   */
  storedData(pageSize?: number): AsyncIterable<StoredData>;
}
