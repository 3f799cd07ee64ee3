// Resumable file records: files being built over several requests (tus uploads), where each stands and which request
// may write it now. A claim on a file is taken at the offset the request expects, so that of two requests sent at
// the same offset one writes and the other is refused; it runs out on its own when its request's process died.
import type { EncryptionMode } from '../../model/model.js';

/** Where a file being built stands: what any instance needs to go on from it. */
export interface ResumableProgress {
  /** Bytes durable so far. */
  offset: number;
  /** null until the client tells the file's length (tus's deferred length). */
  length: number | null;
  /** The data store's state at `offset` (PartialFile.state): plain JSON. */
  storeState: unknown;
  /** What the domain derives from the bytes up to `offset` (digest states): plain JSON. */
  digestState: unknown;
  /** Past this instant (ms) without progress, the file is abandoned. */
  expiresAt: number;
}

export interface ResumableFile extends ResumableProgress {
  fileId: string;
  uploadId: string;
  /** The upload's: the store view the file is built through. */
  encryption: EncryptionMode;
  createdAt: number;
}

export interface ResumableFileRecords {
  /** Starts keeping a file being built, unclaimed. */
  insertResumableFile(file: ResumableFile): Promise<void>;
  findResumableFile(fileId: string): Promise<ResumableFile | undefined>;
  /** The offsets of an upload's files being built, by file id. */
  resumableOffsets(uploadId: string): Promise<Map<string, number>>;
  /**
   * Claims the file for `holder` until `until` (ms), only if it stands at `offset` and no other holder's claim runs
   * past `now`; false otherwise. Of many requests claiming at once, at most one gets it.
   */
  claimResumableFile(fileId: string, offset: number, holder: string, now: number, until: number): Promise<boolean>;
  /** Records the file's progress and renews the claim until `until`, if `holder` still has it; false when it lost it. */
  advanceResumableFile(fileId: string, holder: string, progress: ResumableProgress, until: number): Promise<boolean>;
  /** Renews the claim until `until` if `holder` still has it; false when it lost it. */
  renewResumableClaim(fileId: string, holder: string, until: number): Promise<boolean>;
  /** Gives the claim up if `holder` still has it. */
  releaseResumableClaim(fileId: string, holder: string): Promise<void>;
  /**
   * Forgets the file, unless a claim of another than `holder` runs past `now`; false then, or when it was gone.
   * Whoever gets true frees what the file held in the data store.
   */
  deleteResumableFile(fileId: string, now: number, holder?: string): Promise<boolean>;
  /**
   * Up to `limit` files to forget: abandoned at `now`, or whose file is no longer uploading (finished, removed, or its
   * upload purged), for the cleanup job.
   */
  staleResumableFiles(now: number, limit: number): Promise<ResumableFile[]>;
}
