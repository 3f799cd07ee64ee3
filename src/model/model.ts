// Ferry's data model: an upload holds files; the rules that act on them live in the domain services.

export const FILE_STATUSES = ['missing', 'uploading', 'uploaded', 'quarantined', 'removed', 'deleted'] as const;
/**
 * Plik's file life cycle: declared → being written → whole → marked for removal → data gone. Ferry's own
 * `quarantined`: whole, but found infected by the virus scanner (ClamdInfected = "quarantine"): kept, never served.
 */
export type FileStatus = (typeof FILE_STATUSES)[number];

export interface Upload {
  id: string;
  /** Milliseconds since the epoch, like every instant in the model. */
  createdAt: number;
  /** null: never expires. */
  expireAt: number | null;
  ttl: number;
  /** Each access pushes expireAt to now + ttl. */
  extendTtl: boolean;
  oneShot: boolean;
  stream: boolean;
  removable: boolean;
  login: string | null;
  passwordHash: string | null;
  comments: string;
  /**
   * SHA-256 of the secret that makes its holder the upload's admin (add and remove files, delete). The secret
   * itself is handed to the creator once and never stored.
   */
  uploadTokenHash: string;
  userId: string | null;
  /** The hash of the user token (Token.hash) the upload was made with. */
  tokenId: string | null;
  remoteIp: string | null;
  /** Completed downloads allowed per file; 0: no limit (oneShot is 1). */
  maxDownloads: number;
  encryption: EncryptionMode;
  /** Link encryption: what checks a link's secret, derived from it one way; the secret itself is never stored. */
  keyCheck: string | null;
  /** No hotlinks to this upload's files. */
  hotlinkProtection: boolean;
  /** Downloads of its files served to their end, whole (a zip counts one per file). */
  downloadCount: number;
  /** Bytes its files served, Range responses included. */
  downloadedBytes: number;
  lastDownloadedAt: number | null;
  /** Plik 1.4's end-to-end encryption: the scheme its clients encrypt the files with, '' for none. */
  e2ee: E2eeScheme;
}

/** Plik 1.4's end-to-end encryption schemes: the files are sealed by the clients with age; the server sees bytes. */
export const E2EE_SCHEMES = ['age'] as const;
export type E2eeScheme = (typeof E2EE_SCHEMES)[number] | '';
/** What an end-to-end encrypted file is stored and served as, whatever its name or first bytes say. */
export const E2EE_FILE_TYPE = 'application/octet-stream';

/** none; server: with the server's master key; link: with a secret that exists only in the download link. */
export const ENCRYPTION_MODES = ['none', 'server', 'link'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

export interface UploadFile {
  id: string;
  uploadId: string;
  name: string;
  type: string;
  size: number;
  status: FileStatus;
  md5: string | null;
  reference: string | null;
  createdAt: number;
  /** Completed downloads allowed; 0 means no limit (oneShot is 1). */
  downloadLimit: number;
  /** Downloads that have started and not failed: a slot is taken before the first byte goes out. */
  downloadsReserved: number;
  downloadsCompleted: number;
  /** Set when deduplication stores this file's bytes once, shared with other files: the blob's content hash. */
  blobHash: string | null;
  /** Downloads served to their end, whole, as the upload's downloadCount counts them. */
  downloadCount: number;
  lastDownloadedAt: number | null;
  /** A file being built over several requests (tus): the bytes it holds so far. */
  uploadOffset?: number;
}

export const USER_PROVIDERS = ['local', 'oidc', 'google', 'github', 'ovh', 'ldap'] as const;
export type UserProvider = (typeof USER_PROVIDERS)[number];

export interface User {
  /** "<provider>:<login>", as Plik builds it. */
  id: string;
  provider: UserProvider;
  login: string;
  /** Only local users have one. */
  passwordHash: string | null;
  name: string;
  email: string;
  isAdmin: boolean;
  /** Bytes per file; 0: the server's limit, negative: none. */
  maxFileSize: number;
  /** Bytes over all of the user's live files; 0: the server's quota, negative: none. */
  maxUserSize: number;
  /** Seconds; 0: the server's MaxTTL, negative: none. */
  maxTtl: number;
  createdAt: number;
  /** The user's own choices for the web page ('': none chosen): a theme name, a BCP 47 language tag. */
  theme: string;
  language: string;
  /** The age X25519 recipient (age1…) that senders of the user's file requests encrypt to; '' for none. */
  ageRecipient: string;
}

/** An upload token a user made, sent as X-PlikToken by clients and scripts. */
export interface Token {
  /** SHA-256 of the token: what the database keeps, and what uploads made with it record. */
  hash: string;
  /** The token's first characters, for its user to recognise it in lists (and to revoke it by). */
  prefix: string;
  userId: string;
  comment: string;
  createdAt: number;
}

export interface Session {
  /** SHA-256 of the cookie's value: the database never holds a usable session id. */
  idHash: string;
  userId: string;
  /** Must come back in X-XSRFToken on every state-changing request made with the session. */
  xsrf: string;
  createdAt: number;
  expireAt: number;
}
