// Password-reset tokens of local users, kept by their hash, each used at most once before it expires.

export interface PasswordReset {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expireAt: number;
}

export interface PasswordResetRecords {
  insertPasswordReset(reset: PasswordReset): Promise<void>;
  /**
   * Takes the reset out if it has not expired at `now`: the user it is for, once; undefined for an unknown, used
   * or expired token. One conditional delete: of two uses at once, one gets it.
   */
  takePasswordReset(tokenHash: string, now: number): Promise<string | undefined>;
  /** Deletes the user's resets (a new password makes every other link useless), or those expired at `now`. */
  deletePasswordResets(filter: { userId: string } | { expiredAt: number }): Promise<void>;
}
