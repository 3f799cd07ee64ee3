// Download slots: a file's download limit (oneShot is a limit of one) taken slot by slot, given back on failure;
// and the accounting of what was served.

export interface DownloadSlots {
  /**
   * Takes a download slot on an uploaded file if its limit allows (0: no limit); false when none is left, or the file
   * is not uploaded. Of many racing for the last slots, exactly as many as there are slots get one.
   */
  reserveDownload(fileId: string): Promise<boolean>;
  /** Gives back a slot whose download failed, so that someone else may download; never below no slot taken. */
  releaseDownload(fileId: string): Promise<void>;
  /** Counts a finished download; true when that used up the file's limit: the file is then removed, for one caller alone. */
  completeDownload(fileId: string): Promise<boolean>;
  /**
   * Adds a response served to its end to the upload's accounting: each of `wholeFiles` was downloaded once (none for
   * a Range response), `bytes` went out, `at` (ms) is the last download. Increments in the database, so that
   * instances serving the same upload at once add up exactly.
   */
  countServed(uploadId: string, wholeFiles: string[], bytes: number, at: number): Promise<void>;
}
