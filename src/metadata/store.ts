// What the domain needs from a metadata backend. One implementation (kysely-store.ts) serves every SQL dialect.
import type { FileStatus, Session, Token, Upload, UploadFile, User } from '../model/model.js';
import type { Page, Slice } from '../model/paging.js';

export interface FileRef {
  uploadId: string;
  fileId: string;
}

/** Bytes kept in the data store under one key, and their size as uploaded (encryption at rest adds some). */
export interface StoredData extends FileRef {
  size: number;
}

/** Deduplication: the content hash of a file's bytes and their size. */
export interface BlobClaim {
  hash: string;
  size: number;
}

/** A file done: whether it shares an existing blob's bytes (its own copy is then to go), or holds its own. */
export interface Completion {
  /** The blob the file references; null when its bytes are its own alone. */
  blobHash: string | null;
  /** The file's own copy is redundant: the blob's bytes live elsewhere. */
  shared: boolean;
}

/** What a file taken out leaves to free: its own bytes unless it referenced a blob, and the blob if it was the last. */
export interface Release {
  blobHash: string | null;
  /** The blob whose last reference this was: its bytes are to go, then deleteDeadBlob. */
  deadBlob?: DeadBlob;
}

export interface DeadBlob extends FileRef {
  hash: string;
}

/** Which uploads a list or a count covers: a user's, one token's, or (userId null) the anonymous ones. */
export interface UploadFilter {
  userId?: string | null;
  tokenId?: string;
}

/** An upload the cleanup job is to purge, and why: deleted by someone, or past its expiry. */
export interface PurgeCandidate {
  id: string;
  deleted: boolean;
}

/** What may change of a live upload's terms after its creation (Gokapi's form fields that follow the file). */
export type UploadTerms = Pick<Upload, 'ttl' | 'expireAt' | 'maxDownloads' | 'login' | 'passwordHash'>;

/**
 * What a user (or the server) holds now, all counted from one set of files: those uploaded or on their way, in
 * live uploads. An upload counts while it holds one such file; one whose files are all gone (downloaded oneShot,
 * removed) or that never got one counts for nothing.
 */
export interface UploadStats {
  uploads: number;
  files: number;
  /** Bytes of the files that are uploaded or on their way. */
  totalSize: number;
}

/** What happened in a day: uploads created, files uploaded with their bytes, downloads served with theirs. */
export interface ActivityCounts {
  uploads: number;
  files: number;
  bytesUploaded: number;
  /** Whole files served (a file of a zip counts as one); a Range request's bytes count, not the request. */
  downloads: number;
  /** The bytes of the files sent (a zip's are those of its files). */
  bytesDownloaded: number;
}

export interface DailyActivity extends ActivityCounts {
  /** YYYY-MM-DD, UTC. */
  day: string;
}

export interface AccountRecords {
  /** false when a user with this id exists already, also when another insert of it wins a race with this one. */
  insertUser(user: User): Promise<boolean>;
  findUser(id: string): Promise<User | undefined>;
  updateUser(user: User): Promise<void>;
  /**
   * Deletes the user with their tokens, sessions and activity counters (the server's keep what they did). Their uploads (whether they go is the domain's decision) are
   * nobody's after: a user created again with the same login must not inherit them.
   */
  deleteUser(id: string): Promise<void>;
  /** Sorted by createdAt (also for a sort it does not know) or login, then id. */
  listUsers(page: Page): Promise<Slice<User>>;
  countUsers(): Promise<number>;

  insertToken(token: Token): Promise<void>;
  findToken(hash: string): Promise<Token | undefined>;
  /** At most two tokens (of one user, or of anyone) that begin with `prefix`: enough to tell one from several. */
  findTokensByPrefix(prefix: string, userId?: string): Promise<Token[]>;
  /** The prefix of each token of these hashes that still exists, by hash, for lists of uploads. */
  tokenPrefixes(hashes: string[]): Promise<Map<string, string>>;
  /** The user's tokens by createdAt, then hash. */
  listTokens(userId: string, page: Page): Promise<Slice<Token>>;
  /** false when the user has no such token. */
  deleteToken(userId: string, hash: string): Promise<boolean>;

  insertSession(session: Session): Promise<void>;
  /** The session unless it expired at `now` (expireAt <= now). */
  findSession(idHash: string, now: number): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of the user but the one whose hash is `except`; returns how many. */
  deleteSessionsOf(userId: string, except?: string): Promise<number>;
  /** Deletes the sessions expired at `now`, as findSession sees them. */
  deleteExpiredSessions(now: number): Promise<void>;
}

export interface MetadataStore extends AccountRecords {
  createUpload(upload: Upload, files: UploadFile[]): Promise<void>;
  /** The upload unless it is deleted or expired at `now` (expireAt <= now). */
  findLiveUpload(id: string, now: number): Promise<Upload | undefined>;
  /** null: the upload never expires. */
  setExpireAt(id: string, expireAt: number | null): Promise<void>;
  /** Live uploads matching the filter, newest first unless the page says otherwise (then by id: pages never overlap). */
  listUploads(filter: UploadFilter, page: Page, now: number): Promise<Slice<Upload>>;
  /** Files of several uploads at once, for lists, oldest first (then by id). */
  listFilesOf(uploadIds: string[]): Promise<UploadFile[]>;
  /** Sets new terms, and the download limit of every file of the upload. */
  setUploadTerms(id: string, terms: UploadTerms, downloadLimit: number): Promise<void>;
  /** Marks every live upload matching the filter deleted, as markUploadDeleted does; returns how many. */
  markUploadsDeleted(filter: UploadFilter, now: number): Promise<number>;
  uploadStats(filter: UploadFilter, now: number): Promise<UploadStats>;
  /**
   * Adds `counts` to the counters of `day` of every scope (a user's id, or * for the whole server), creating them at
   * zero first; one atomic increment each, so that instances counting at once on one database lose nothing.
   */
  addActivity(day: string, scopes: string[], counts: Partial<ActivityCounts>): Promise<void>;
  /** The counters of `scope` from `fromDay` on (inclusive), oldest first; days with nothing have no entry. */
  dailyActivity(scope: string, fromDay: string): Promise<DailyActivity[]>;
  /** Hides the upload at once and marks its files for removal; the cleanup job frees the data. */
  markUploadDeleted(id: string, now: number): Promise<void>;

  /** Every file of the upload, whatever its status, oldest first (then by id). */
  listFiles(uploadId: string): Promise<UploadFile[]>;
  /** The file if it is one of this upload's, whatever its status. */
  findFile(uploadId: string, fileId: string): Promise<UploadFile | undefined>;
  /** A file by its id alone, whatever its status, for links that name only the file (Gokapi's). */
  findFileById(fileId: string): Promise<UploadFile | undefined>;
  /** Adds a file unless the upload already holds `maxFiles` live files (missing, uploading, uploaded); false when full. */
  insertFile(file: UploadFile, maxFiles: number): Promise<boolean>;
  /** Moves a file to `to` only if its status is one of `from`; false when another request got there first. */
  transitionFile(
    fileId: string,
    from: FileStatus[],
    to: FileStatus,
    changes?: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>>,
  ): Promise<boolean>;
  /**
   * Ends an upload's writing: moves the file from `uploading` to `to` with what its bytes turned out to be and,
   * given `blob`, in the same transaction a reference to the blob of that content, made of the file's own bytes
   * if there is none. undefined when the file was removed meanwhile (nothing was referenced then).
   */
  completeFile(file: FileRef, to: FileStatus, changes: Pick<UploadFile, 'size' | 'md5' | 'type'>, blob?: BlobClaim): Promise<Completion | undefined>;

  /**
   * Takes a file out for good: moves it to `deleted` if its status is one of `from` and, in the same transaction,
   * drops its blob reference. Only the one caller that wins the move gets an answer, so a file releases its
   * blob once; undefined for the others. The winner then frees the bytes the answer names.
   */
  releaseFile(fileId: string, from: FileStatus[]): Promise<Release | undefined>;
  /** Where the blob with this content hash keeps its bytes, while files reference it. */
  findBlob(hash: string): Promise<FileRef | undefined>;
  /** Blobs whose last reference went and whose bytes are still to be freed (the freer died, or is at it). */
  deadBlobs(limit: number): Promise<DeadBlob[]>;
  /** Forgets a dead blob once its bytes are gone; nothing when the blob of that hash and key is not dead. */
  deleteDeadBlob(blob: DeadBlob): Promise<void>;

  /**
   * Sets an uploading file's size to `bytes`, its reservation of its owner's quota, if with the sizes of the owner's
   * other live files it stays within `limit`; false otherwise. Decided one at a time per user, on every backend.
   * A file no longer uploading (removed meanwhile) reserves nothing, and is answered true: its upload fails at its end.
   */
  reserveBytes(file: FileRef, userId: string, bytes: number, limit: number, now: number): Promise<boolean>;
  /** Gives back the reservations of uploads that reserved nothing since `before` (their instance died); how many. */
  releaseStaleReservations(before: number): Promise<number>;

  /**
   * Takes a download slot on an uploaded file if its limit allows (0: no limit); false when none is left, or the file
   * is not uploaded. Of many racing for the last slots, exactly as many as there are slots get one.
   */
  reserveDownload(fileId: string): Promise<boolean>;
  /** Gives back a slot whose download failed, so that someone else may download; never below no slot taken. */
  releaseDownload(fileId: string): Promise<void>;
  /** Counts a finished download; true when that used up the file's limit: the file is then removed, for one caller alone. */
  completeDownload(fileId: string): Promise<boolean>;

  /** Up to `limit` uploads expired at `now` or deleted (whatever their expiry), for the cleanup job. */
  uploadsToPurge(now: number, limit: number): Promise<PurgeCandidate[]>;
  /** Removes an upload's rows, its files' with it, once its data is gone. */
  deleteUploadRows(id: string): Promise<void>;
  /** Up to `limit` files marked removed, whose data is still to be freed. */
  filesToPurge(limit: number): Promise<FileRef[]>;

  /**
   * Takes the lease `name` for `holder` until `until` (ms), or renews it if `holder` has it already; false while
   * another holder's lease runs past `now`. Several instances on one database use it to let one of them do a job.
   */
  takeLease(name: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease up if `holder` still has it. */
  releaseLease(name: string, holder: string): Promise<void>;

  /**
   * Every key of the data store that holds bytes, page by page: uploaded files with bytes of their own, then
   * deduplicated blobs. For moving the bytes to another store (ferry migrate-data).
   */
  storedData(pageSize?: number): AsyncIterable<StoredData>;

  /**
   * Undoes what a server that died left half-done: files `uploading` go back to `missing` (their reservations of
   * quota given back), download slots taken
   * and never settled are given back. Only for a single instance at its start, when nothing can be in progress.
   */
  resetInterrupted(): Promise<{ uploads: number; downloads: number }>;

  /** Lets go of the database's connections; nothing is answered after. */
  close(): Promise<void>;
}
