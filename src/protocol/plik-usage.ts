// Plik 1.4's usage statistics and trending lists from Ferry's (usage-stats.ts), and the trending lists' query
// parameters read as Plik reads them.
import type { TrendingFile, TrendingUpload } from '../metadata/records/usage.js';
import { badRequest } from '../model/errors.js';
import type { UsagePeriod } from '../model/usage.js';
import type { ServerUsage, TrendingRequest, TrendingWindow, Usage } from '../domain/usage-stats.js';
import type {
  PlikServerUsageStats,
  PlikTrendingItem,
  PlikUsage,
  PlikUsagePeriod,
  PlikUserUsageStats,
  TrendingQueryString,
} from './plik-usage-wire.js';

const isoTime = (ms: number) => new Date(ms).toISOString();

function toPlikPeriod({ uploads, files, totalSize, features, ttl, fileSizes }: UsagePeriod): PlikUsagePeriod {
  return {
    uploads,
    files,
    totalSize,
    features: {
      passwordUploads: features.password,
      removableUploads: features.removable,
      oneShotUploads: features.oneShot,
      streamUploads: features.stream,
      extendTTLUploads: features.extendTtl,
      e2eeUploads: features.e2ee,
      commentUploads: features.comment,
    },
    ttl: {
      noneUploads: ttl.none,
      lessThan1HourUploads: ttl.lt1h,
      oneHourToOneDayUploads: ttl['1h1d'],
      oneDayToSevenDaysUploads: ttl['1d7d'],
      sevenDaysTo30DaysUploads: ttl['7d30d'],
      greaterThan30DaysUploads: ttl.gt30d,
    },
    fileSizes: {
      lessThan1MBFiles: fileSizes.lt1m,
      oneMBTo10MBFiles: fileSizes['1m10m'],
      tenMBTo100MBFiles: fileSizes['10m100m'],
      hundredMBTo1GBFiles: fileSizes['100m1g'],
      oneGBTo10GBFiles: fileSizes['1g10g'],
      tenGBTo100GBFiles: fileSizes['10g100g'],
      greaterThan100GBFiles: fileSizes.gt100g,
    },
  };
}

const countsOf = ({ total, bytes, windows }: Usage['downloads']) => ({ total, bytes, ...windows });

export function toPlikUsage(usage: Usage): PlikUsage {
  return {
    ...(usage.startedAt !== null && { startedAt: isoTime(usage.startedAt) }),
    ...(usage.lastUploadAt !== null && { lastUploadAt: isoTime(usage.lastUploadAt) }),
    downloads: countsOf(usage.downloads),
    uploads: countsOf(usage.uploads),
    current: toPlikPeriod(usage.current),
    lifetime: toPlikPeriod(usage.lifetime),
  };
}

/** GET /me/stats and each user of GET /users: the legacy trio of what is held now, and the usage. */
export function toPlikUserStats(usage: Usage): PlikUserUsageStats {
  const { uploads, files, totalSize } = usage.current;
  return { uploads, files, totalSize, usage: toPlikUsage(usage) };
}

export function toPlikServerStats({ users, lifetimeUsers, usage, anonymousUsage }: ServerUsage): PlikServerUsageStats {
  return {
    users,
    uploads: usage.current.uploads,
    anonymousUploads: anonymousUsage.current.uploads,
    files: usage.current.files,
    totalSize: usage.current.totalSize,
    anonymousTotalSize: anonymousUsage.current.totalSize,
    lifetimeUsers,
    usage: toPlikUsage(usage),
    anonymousUsage: toPlikUsage(anonymousUsage),
  };
}

const WINDOWS: readonly TrendingWindow[] = ['all', '1d', '7d', '30d'];
const SORTS: readonly TrendingRequest['sort'][] = ['downloads', 'downloadedBytes'];
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** window, sort and limit as Plik reads them: each absent is its default, an unknown one is refused. */
export function trendingRequestOf({ window, sort, limit }: TrendingQueryString): TrendingRequest {
  if (window !== undefined && window !== '' && !WINDOWS.includes(window as TrendingWindow)) throw badRequest('invalid trending window');
  if (sort !== undefined && sort !== '' && !SORTS.includes(sort as TrendingRequest['sort'])) throw badRequest('invalid trending sort');
  let count = DEFAULT_LIMIT;
  if (limit !== undefined && limit !== '') {
    if (!/^[+-]?\d+$/.test(limit)) throw badRequest('invalid limit');
    count = Number(limit);
  }
  if (count <= 0) throw badRequest('limit must be positive');
  return {
    window: (window || 'all') as TrendingWindow,
    sort: (sort || 'downloads') as TrendingRequest['sort'],
    limit: Math.min(count, MAX_LIMIT),
  };
}

export function toPlikTrendingUpload(upload: TrendingUpload): PlikTrendingItem {
  return {
    id: upload.id,
    type: 'upload',
    ...(upload.comments !== '' && { comments: upload.comments }),
    ...(upload.userId !== null && { user: upload.userId }),
    ...(upload.size > 0 && { size: upload.size }),
    ...(upload.files > 0 && { files: upload.files }),
    downloadCount: upload.downloads,
    downloadedBytes: upload.downloadedBytes,
    ...(upload.lastDownloadedAt !== null && { lastDownloadedAt: isoTime(upload.lastDownloadedAt) }),
  };
}

export function toPlikTrendingFile(file: TrendingFile): PlikTrendingItem {
  return {
    id: file.id,
    type: 'file',
    uploadID: file.uploadId,
    name: file.name,
    ...(file.userId !== null && { user: file.userId }),
    ...(file.size > 0 && { size: file.size }),
    downloadCount: file.downloads,
    downloadedBytes: 0,
    ...(file.lastDownloadedAt !== null && { lastDownloadedAt: isoTime(file.lastDownloadedAt) }),
  };
}
