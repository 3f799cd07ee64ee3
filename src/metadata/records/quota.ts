// Quota reservations: a user's quota taken by their uploading files as the bytes arrive, one user at a time.
import type { FileRef } from './files.js';

export interface QuotaReservations {
  /**
   * Sets an uploading file's size to `bytes`, its reservation of its owner's quota, if with the sizes of the owner's
   * other live files it stays within `limit`; false otherwise. Decided one at a time per user, on every backend.
   * A file no longer uploading (removed meanwhile) reserves nothing, and is answered true: its upload fails at its end.
   */
  reserveBytes(file: FileRef, userId: string, bytes: number, limit: number, now: number): Promise<boolean>;
  /** Gives back the reservations of uploads that reserved nothing since `before` (their instance died); how many. */
  releaseStaleReservations(before: number): Promise<number>;
}
