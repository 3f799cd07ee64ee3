// Upload records: created with their files, found while live, listed, given new terms, deleted by their owner.
import type { Upload, UploadFile } from '../../model/model.js';
import type { UploadFeatureFilter } from '../../model/listing.js';
import type { Page, Slice } from '../../model/paging.js';

/** Which uploads a list or a count covers: a user's, one token's, or (userId null) the anonymous ones. */
export interface UploadFilter {
  userId?: string | null;
  tokenId?: string;
}

/** Which uploads a list shows: whose, and with or without which options. */
export interface UploadListFilter extends UploadFilter {
  features?: UploadFeatureFilter;
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

export interface UploadRecords {
  createUpload(upload: Upload, files: UploadFile[]): Promise<void>;
  /** The upload unless it is deleted or expired at `now` (expireAt <= now). */
  findLiveUpload(id: string, now: number): Promise<Upload | undefined>;
  /** null: the upload never expires. */
  setExpireAt(id: string, expireAt: number | null): Promise<void>;
  /**
   * Live uploads matching the filter, in the page's order by its sort (model/listing.ts' UPLOAD_SORTS; the date
   * for one it does not know), then by id: pages never overlap.
   */
  listUploads(filter: UploadListFilter, page: Page, now: number): Promise<Slice<Upload>>;
  /** Files of several uploads at once, for lists, oldest first (then by id). */
  listFilesOf(uploadIds: string[]): Promise<UploadFile[]>;
  /** Sets new terms, and the download limit of every file of the upload. */
  setUploadTerms(id: string, terms: UploadTerms, downloadLimit: number): Promise<void>;
  /** Marks every live upload matching the filter deleted, as markUploadDeleted does; returns how many. */
  markUploadsDeleted(filter: UploadFilter, now: number): Promise<number>;
  uploadStats(filter: UploadFilter, now: number): Promise<UploadStats>;
  /** Hides the upload at once and marks its files for removal; the cleanup job frees the data. */
  markUploadDeleted(id: string, now: number): Promise<void>;
}
