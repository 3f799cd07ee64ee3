// Passkey records: the WebAuthn credentials of accounts, and the single-use challenges of their ceremonies.

export interface Passkey {
  id: string;
  userId: string;
  name: string;
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The signature counter last seen; 0 for an authenticator that keeps none. */
  counter: number;
  transports: string[];
  createdAt: number;
  lastUsedAt: number | null;
}

export type ChallengePurpose = 'register' | 'sign-in';

export interface PasskeyChallenge {
  challengeHash: string;
  purpose: ChallengePurpose;
  /** Whose registration it is; null for a sign-in, which anyone may start. */
  userId: string | null;
  expireAt: number;
}

export interface PasskeyRecords {
  /** False when an account already has this credential id (the unique index decides). */
  insertPasskey(passkey: Passkey): Promise<boolean>;
  findPasskeyByCredential(credentialId: string): Promise<Passkey | undefined>;
  /** The user's passkeys, oldest first. */
  listPasskeys(userId: string): Promise<Passkey[]>;
  /** False when the user has no passkey `id`. */
  renamePasskey(userId: string, id: string, name: string): Promise<boolean>;
  deletePasskey(userId: string, id: string): Promise<boolean>;
  /**
   * Records a sign-in with the passkey, in one conditional UPDATE: the counter moves only forwards (`counter` above
   * the stored one), or stays 0 for an authenticator that keeps none. False when it did not: a cloned authenticator,
   * or another sign-in with a higher count that came first.
   */
  recordPasskeyUse(id: string, counter: number, now: number): Promise<boolean>;
  /** Stores a challenge, and deletes those expired at `now`, so that the table holds only live ones. */
  insertPasskeyChallenge(challenge: PasskeyChallenge, now: number): Promise<void>;
  /**
   * Takes the challenge out, once, if it is for `purpose` (and `userId`, for a registration) and unexpired at `now`.
   * One conditional DELETE: of two ceremonies finished with the same challenge, one gets it.
   */
  takePasskeyChallenge(challenge: Omit<PasskeyChallenge, 'expireAt'>, now: number): Promise<boolean>;
}
