// CLI sign-in records (Plik 1.4's device flow): a request the CLI starts, a signed-in browser approves, and the
// CLI then claims once. Kept by the hash of its code, with the hash of the CLI's secret: neither is ever stored.
export interface CliSignIn {
  /** SHA-256 of the code the browser is shown and approves. */
  codeHash: string;
  /** SHA-256 of the secret only the CLI that started it holds. */
  secretHash: string;
  /** The CLI's machine, as it said; shown to the approving user, and in the token's comment. */
  hostname: string;
  /** Who approved it: the user whose token the CLI gets; null until then. */
  userId: string | null;
  /** The comment of the token the CLI gets. */
  comment: string;
  createdAt: number;
  expireAt: number;
}

export interface CliSignInRecords {
  /** false when a request with this code hash exists already (a new code is to be drawn). */
  insertCliSignIn(request: CliSignIn): Promise<boolean>;
  /** The request unless it expired at `now` (expireAt <= now) or was claimed. */
  findCliSignIn(codeHash: string, now: number): Promise<CliSignIn | undefined>;
  /**
   * Approves the request for `userId`, at most once: false when it is unknown, expired at `now`, or approved
   * already (by anyone). One conditional update: of two approvals at once, one wins.
   */
  approveCliSignIn(codeHash: string, userId: string, comment: string, now: number): Promise<boolean>;
  /**
   * Takes an approved, unexpired request out, for the holder of its secret, at most once: the request as it was,
   * or undefined when it is unknown, expired, not approved yet, already claimed, or the secret does not match.
   * One conditional delete: of two claims at once, one gets it.
   */
  claimCliSignIn(codeHash: string, secretHash: string, now: number): Promise<CliSignIn | undefined>;
  /** Deletes the requests expired at `now`, as findCliSignIn sees them. */
  deleteExpiredCliSignIns(now: number): Promise<void>;
}
