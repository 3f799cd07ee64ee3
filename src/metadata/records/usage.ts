// Usage statistics: each scope's lifetime counters, added to by every instance at once; what scopes hold now,
// counted from the live uploads; each upload's and file's downloads per day, and the trending lists they rank.
import type { FileSizeBucket, LifetimeUsage, TtlBucket, UploadFeature, UsagePeriod } from '../../model/usage.js';
import type { UploadFilter } from './uploads.js';

/** What one event adds to a scope's lifetime counters; what is not given adds nothing. */
export interface UsageIncrement {
  users?: number;
  uploads?: number;
  files?: number;
  size?: number;
  downloads?: number;
  downloadedBytes?: number;
  /** Features of a created upload: one more upload each. */
  features?: readonly UploadFeature[];
  ttl?: TtlBucket;
  fileSize?: FileSizeBucket;
  /** An upload created at this instant (ms). */
  lastUploadAt?: number;
}

/** Whose uploads a current count is split by: each user's, or each token's. */
export type UsageGroup = 'user' | 'token';

export interface TrendingQuery {
  /** Only the uploads of this user. */
  userId?: string;
  /** The first UTC day (YYYY-MM-DD) counted; null: every download ever (the lifetime counters). */
  fromDay: string | null;
  sort: 'downloads' | 'downloadedBytes';
  limit: number;
}

export interface TrendingUpload {
  id: string;
  comments: string;
  userId: string | null;
  /** Files uploaded, and their bytes. */
  files: number;
  size: number;
  downloads: number;
  downloadedBytes: number;
  lastDownloadedAt: number | null;
}

export interface TrendingFile {
  id: string;
  uploadId: string;
  name: string;
  userId: string | null;
  size: number;
  downloads: number;
  lastDownloadedAt: number | null;
}

export interface UsageRecords {
  /**
   * Adds to the lifetime counters of every scope (creating each at zero, started `at`), one atomic increment each:
   * instances adding at once lose nothing.
   */
  addUsage(scopes: string[], added: UsageIncrement, at: number): Promise<void>;
  /** The lifetime counters of these scopes; a scope nothing was added to has none. */
  lifetimeUsage(scopes: string[]): Promise<Map<string, LifetimeUsage>>;
  /**
   * What is held now (files uploaded or on their way, in live uploads at `now`, as UploadStats counts them) by the
   * uploads the filter covers, all together ('' in the map), or split by user or token among `ids`.
   */
  currentUsage(filter: UploadFilter, now: number, split?: { by: UsageGroup; ids: string[] }): Promise<Map<string, UsagePeriod>>;
  /** Adds a response served to `day`'s downloads: the upload's (`wholeFiles.length` downloads, `bytes`) and each file's. */
  addDownloadDay(day: string, uploadId: string, wholeFiles: string[], bytes: number): Promise<void>;
  /** Deletes the download days before `day` (YYYY-MM-DD), which no window reaches any more. */
  forgetDownloadDays(day: string): Promise<void>;
  /** Live uploads ranked by downloads or bytes served, those with none left out; ties: last downloaded first, then id. */
  trendingUploads(query: TrendingQuery, now: number): Promise<TrendingUpload[]>;
  /** Uploaded files of live uploads ranked by downloads, as trendingUploads ranks uploads. */
  trendingFiles(query: Omit<TrendingQuery, 'sort' | 'userId'>, now: number): Promise<TrendingFile[]>;
}
