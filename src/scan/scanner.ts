// What the domain needs from a virus scanner: a session per file that takes its bytes as they come and gives a
// verdict once they are all in. clamd.ts is the one implementation (ClamAV's daemon).

/** The scanner's word on a whole file. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** Why a scan gave no verdict: the scanner could not be reached or answered late, refused the size, or failed. */
export type ScanFailureReason = 'unreachable' | 'timeout' | 'size_limit' | 'failed';

export class ScanFailure extends Error {
  constructor(
    readonly reason: ScanFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ScanFailure';
  }
}

/** One file's scan. Rejections are ScanFailures. */
export interface ScanSession {
  /**
   * Hands the scanner the next bytes; the chunk must not change afterwards. A promise when the caller must wait
   * before it sends more (the scanner reads slower than the bytes come), rejected once the scan has failed.
   */
  write(chunk: Uint8Array): Promise<void> | undefined;
  /** No more bytes: the verdict on all of them. */
  verdict(): Promise<ScanVerdict>;
  /** Gives the scan up (the bytes stopped coming); no verdict follows. */
  abort(): void;
}

export interface VirusScanner {
  /** A new session; the connection is opened at once, failures show at the first write or at the verdict. */
  open(): ScanSession;
}
