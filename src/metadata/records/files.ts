// File records: the files of an upload, added within its limit, moved from status to status as their bytes arrive.
import type { FileStatus, UploadFile } from '../../model/model.js';

/** A file's key: its upload's id and its own, which is where the data store keeps its bytes. */
export interface FileRef {
  uploadId: string;
  fileId: string;
}

/** Deduplication: the content hash of a file's bytes and their size. */
export interface BlobClaim {
  hash: string;
  size: number;
}

/** A file done: whether it shares an existing blob's bytes (its own copy is then to go), or holds its own. */
export interface Completion {
  /** The blob the file references; null when its bytes are its own alone. */
  blobHash: string | null;
  /** The file's own copy is redundant: the blob's bytes live elsewhere. */
  shared: boolean;
}

export interface FileRecords {
  /** Every file of the upload, whatever its status, oldest first (then by id). */
  listFiles(uploadId: string): Promise<UploadFile[]>;
  /** The file if it is one of this upload's, whatever its status. */
  findFile(uploadId: string, fileId: string): Promise<UploadFile | undefined>;
  /** A file by its id alone, whatever its status, for links that name only the file (Gokapi's). */
  findFileById(fileId: string): Promise<UploadFile | undefined>;
  /** Adds a file unless the upload already holds `maxFiles` live files (missing, uploading, uploaded); false when full. */
  insertFile(file: UploadFile, maxFiles: number): Promise<boolean>;
  /** Moves a file to `to` only if its status is one of `from`; false when another request got there first. */
  transitionFile(
    fileId: string,
    from: FileStatus[],
    to: FileStatus,
    changes?: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>>,
  ): Promise<boolean>;
  /**
   * Ends an upload's writing: moves the file from `uploading` to `to` with what its bytes turned out to be and,
   * given `blob`, in the same transaction a reference to the blob of that content, made of the file's own bytes
   * if there is none. undefined when the file was removed meanwhile (nothing was referenced then).
   */
  completeFile(
    file: FileRef,
    to: FileStatus,
    changes: Pick<UploadFile, 'size' | 'md5' | 'type'>,
    blob?: BlobClaim,
  ): Promise<Completion | undefined>;
}
