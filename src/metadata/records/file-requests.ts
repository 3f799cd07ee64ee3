// File request records: requests, their submissions, and the counters their limits are reserved in. Every limit is
// decided by one conditional UPDATE of the request's row, so that parallel senders, on one instance or several,
// cannot together pass it. What each file being sent holds of the counters is a reservation row, changed in the
// same transaction as the counters, and given back when its file ends or, its instance dead, when it expires.
import type { FileRequest, RequestSubmission } from '../../model/file-requests.js';

/** One file being sent to a request: the reservation it holds there (its id is the file's own, random). */
export interface RequestReservationRef {
  id: string;
  requestId: string;
}

/** What reserving bytes came to: done, refused (past maxTotalSize), or the reservation expired and was given back. */
export type BytesReserved = 'reserved' | 'full' | 'expired';

export interface FileRequestRecords {
  insertFileRequest(request: FileRequest): Promise<void>;
  findFileRequest(id: string): Promise<FileRequest | undefined>;
  /** The user's requests, newest first. */
  listFileRequests(userId: string): Promise<FileRequest[]>;
  /** Closes a request still open; false when it was closed already (or is gone). */
  closeFileRequest(id: string, now: number): Promise<boolean>;
  /** Forgets a request and its submissions; the ids of the uploads those received (theirs to delete), [] if gone. */
  deleteFileRequest(id: string): Promise<string[]>;
  /**
   * Records a submission if the request takes one at `now`: open, not expired, and reusable or not yet submitted
   * to (a one-time request takes one submission, whatever the race); false otherwise.
   */
  openSubmission(submission: RequestSubmission, now: number): Promise<boolean>;
  /** Takes back a submission that received nothing (its files all refused), for a one-time request to take another. */
  cancelSubmission(submission: Pick<RequestSubmission, 'requestId' | 'uploadId'>): Promise<void>;
  /** The request's submissions, oldest first. */
  listSubmissions(requestId: string): Promise<RequestSubmission[]>;
  /**
   * Takes one of the request's files if it is open and unexpired at `now` and within maxFiles, recording it in the
   * new reservation `reservation` (held until `expiresAt`) in the same transaction; false otherwise.
   */
  takeRequestFile(reservation: RequestReservationRef, now: number, expiresAt: number): Promise<boolean>;
  /**
   * Reserves `bytes` (> 0) more of the request's total in the reservation if they stay within maxTotalSize, and
   * holds it until `expiresAt`; 'expired' when it was given back already (its file must fail, not count again).
   */
  reserveRequestBytes(reservation: RequestReservationRef, bytes: number, expiresAt: number): Promise<BytesReserved>;
  /** Holds the reservation until `expiresAt`; false when it expired and was given back already. */
  renewRequestReservation(id: string, expiresAt: number): Promise<boolean>;
  /**
   * Ends a file's reservation: all it held goes back (`keptBytes` null: its file failed), or its file keeps its
   * count and `keptBytes`, its size (it completed). A completed file whose reservation expired meanwhile is counted again.
   */
  settleRequestReservation(reservation: RequestReservationRef, keptBytes: number | null): Promise<void>;
  /** Gives back up to `limit` reservations expired at `now` (their instance died mid-file); how many. */
  releaseExpiredRequestReservations(now: number, limit: number): Promise<number>;
}
