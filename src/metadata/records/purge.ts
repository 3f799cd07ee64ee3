// The purge queue: what the cleanup job is to free (uploads expired or deleted, files removed), and what a dead
// server left half-done, which the same job undoes at a single instance's start.
import type { FileRef } from './files.js';

/** An upload the cleanup job is to purge, and why: deleted by someone, or past its expiry. */
export interface PurgeCandidate {
  id: string;
  deleted: boolean;
}

export interface PurgeQueue {
  /** Up to `limit` uploads expired at `now` or deleted (whatever their expiry), for the cleanup job. */
  uploadsToPurge(now: number, limit: number): Promise<PurgeCandidate[]>;
  /** Removes an upload's rows, its files' with it, once its data is gone. */
  deleteUploadRows(id: string): Promise<void>;
  /** Up to `limit` files marked removed, whose data is still to be freed. */
  filesToPurge(limit: number): Promise<FileRef[]>;
  /**
   * Undoes what a server that died left half-done: files `uploading` go back to `missing` (their reservations of
   * quota given back) but for resumable ones, whose claims are let go, download slots taken and never settled are
   * given back, and so is what files being sent to file requests held of their counters. Only for a single instance at its
   * start, when nothing can be in progress. Here because the cleanup job does it, before its first sweep.
   */
  resetInterrupted(): Promise<{ uploads: number; downloads: number; reservations: number }>;
}
