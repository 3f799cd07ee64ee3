// File request records: requests, their submissions, and the counters their limits are reserved in. Every limit is
// decided by one conditional UPDATE of the request's row, so that parallel senders, on one instance or several,
// cannot together pass it.
import type { FileRequest, RequestSubmission } from '../../model/file-requests.js';

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
  /** Takes one of the request's files if it is open and unexpired at `now` and within maxFiles; false otherwise. */
  takeRequestFile(id: string, now: number): Promise<boolean>;
  /** Reserves `bytes` (> 0) more of the request's total if they stay within maxTotalSize; false otherwise. */
  reserveRequestBytes(id: string, bytes: number): Promise<boolean>;
  /** Gives back files and bytes taken (a file that failed, a reservation larger than the file turned out). */
  giveBackToRequest(id: string, files: number, bytes: number): Promise<void>;
}
