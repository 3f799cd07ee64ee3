// Two-factor (TOTP) records of local users: the sealed secret and the last time step taken, the recovery codes by
// hash, and the second-step challenges of sign-ins by hash. Every use that must happen once is one conditional
// statement, so that of two uses at once exactly one wins.

export interface TwoFactor {
  userId: string;
  /** The TOTP secret sealed with the server's key (SecretBox). */
  sealedSecret: string;
  /** null while enrolment waits for its first code. */
  confirmedAt: number | null;
  /** The time step of the last code taken. */
  lastStep: number;
  createdAt: number;
}

export type ChallengePurpose = 'verify' | 'enrol';

export interface TwoFactorChallenge {
  tokenHash: string;
  userId: string;
  purpose: ChallengePurpose;
  expireAt: number;
}

export interface TwoFactorRecords {
  findTwoFactor(userId: string): Promise<TwoFactor | undefined>;
  /** Which of `userIds` have confirmed two-factor, in one query. */
  twoFactorUsers(userIds: string[]): Promise<Set<string>>;
  /**
   * Begins enrolment with a new sealed secret, replacing one still waiting for its first code; false when the
   * user has confirmed two-factor already.
   */
  beginTwoFactor(userId: string, sealedSecret: string, now: number): Promise<boolean>;
  /**
   * Confirms a waiting enrolment whose first code is of `step`, with its recovery codes' hashes, at most once:
   * false when there is none waiting (never begun, or confirmed already, by this call's twin too).
   */
  confirmTwoFactor(userId: string, step: number, recoveryHashes: string[], now: number): Promise<boolean>;
  /** Takes a code of `step` if it is later than the last one taken: false for a replay (or its twin at once). */
  takeTwoFactorStep(userId: string, step: number): Promise<boolean>;
  /** Uses up one of the user's recovery codes: false when it is not theirs, or used already. */
  takeRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
  /** How many recovery codes the user has left. */
  countRecoveryCodes(userId: string): Promise<number>;
  /** Removes the user's two-factor, its recovery codes and challenges; false when there was none at all. */
  deleteTwoFactor(userId: string): Promise<boolean>;

  insertTwoFactorChallenge(challenge: TwoFactorChallenge): Promise<void>;
  /** The challenge unless it expired at `now`. */
  findTwoFactorChallenge(tokenHash: string, now: number): Promise<TwoFactorChallenge | undefined>;
  /** Uses the challenge up: false when it is gone already (used by a twin request, or expired at `now`). */
  takeTwoFactorChallenge(tokenHash: string, now: number): Promise<boolean>;
  deleteExpiredTwoFactorChallenges(now: number): Promise<void>;
}
