// Plik 1.4's usage statistics and trending lists, field for field: the `usage` object that GET /stats, /me/stats,
// each token of GET /me/token and each user of GET /users carry, and the items of /stats/trending/*. Imports
// TypeBox only, as plik-wire.ts does.
import { Type, type Static } from 'typebox';

const count = (description?: string) => Type.Integer(description ? { description } : {});

const UsagePeriodSchema = Type.Object(
  {
    uploads: count(),
    files: count(),
    totalSize: count('Bytes'),
    features: Type.Object(
      {
        passwordUploads: count(),
        removableUploads: count(),
        oneShotUploads: count(),
        streamUploads: count(),
        extendTTLUploads: count(),
        e2eeUploads: count('Uploads end-to-end encrypted by their client (e2ee)'),
        commentUploads: count(),
      },
      { description: 'Uploads using each feature' },
    ),
    ttl: Type.Object(
      {
        noneUploads: count(),
        lessThan1HourUploads: count(),
        oneHourToOneDayUploads: count(),
        oneDayToSevenDaysUploads: count(),
        sevenDaysTo30DaysUploads: count(),
        greaterThan30DaysUploads: count(),
      },
      { description: 'Uploads by the TTL chosen at their creation' },
    ),
    fileSizes: Type.Object(
      {
        lessThan1MBFiles: count(),
        oneMBTo10MBFiles: count(),
        tenMBTo100MBFiles: count(),
        hundredMBTo1GBFiles: count(),
        oneGBTo10GBFiles: count(),
        tenGBTo100GBFiles: count(),
        greaterThan100GBFiles: count(),
      },
      { description: 'Files (not bytes) by size, binary MiB and GiB' },
    ),
  },
  { title: 'UsageStatsPeriod' },
);
export type PlikUsagePeriod = Static<typeof UsagePeriodSchema>;

const EventCountsSchema = (what: string) =>
  Type.Object({
    total: count(`${what} since startedAt`),
    bytes: count(`Their bytes since startedAt`),
    today: Type.Optional(count('This UTC day; server and user scopes only')),
    last7Days: Type.Optional(count('Today and the 6 UTC days before')),
    last30Days: Type.Optional(count('Today and the 29 UTC days before')),
  });

export const UsageSchema = Type.Object(
  {
    startedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Since when the lifetime figures count' })),
    lastUploadAt: Type.Optional(Type.String({ format: 'date-time' })),
    downloads: EventCountsSchema('Files served whole'),
    uploads: EventCountsSchema('Uploads created'),
    current: UsagePeriodSchema,
    lifetime: UsagePeriodSchema,
  },
  { title: 'UsageStats', description: "Plik 1.4's usage: what is held now (current) and since startedAt (lifetime)" },
);
export type PlikUsage = Static<typeof UsageSchema>;

export const UserUsageStatsSchema = Type.Object(
  {
    uploads: count(),
    files: count(),
    totalSize: count('Bytes of the files uploaded or on their way'),
    usage: UsageSchema,
  },
  { title: 'UserStats' },
);
export type PlikUserUsageStats = Static<typeof UserUsageStatsSchema>;

export const ServerUsageStatsSchema = Type.Object(
  {
    users: count(),
    uploads: count(),
    anonymousUploads: count(),
    files: count(),
    totalSize: count('Bytes'),
    anonymousTotalSize: count('Bytes'),
    lifetimeUsers: count('Users created since usage.startedAt'),
    usage: UsageSchema,
    anonymousUsage: UsageSchema,
  },
  { title: 'ServerStats' },
);
export type PlikServerUsageStats = Static<typeof ServerUsageStatsSchema>;

export const TokenUsageStatsSchema = Type.Object({ usage: UsageSchema }, { title: 'TokenStats' });

export const TrendingItemSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'upload or file', examples: ['upload'] }),
    uploadID: Type.Optional(Type.String({ description: "A file's upload" })),
    name: Type.Optional(Type.String({ description: "A file's name" })),
    comments: Type.Optional(Type.String()),
    user: Type.Optional(Type.String({ description: 'The owner' })),
    size: Type.Optional(count('Bytes')),
    files: Type.Optional(count("An upload's uploaded files")),
    downloadCount: count('In the window'),
    downloadedBytes: count('In the window; 0 on files'),
    lastDownloadedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { title: 'TrendingItem' },
);
export type PlikTrendingItem = Static<typeof TrendingItemSchema>;
export const TrendingListSchema = Type.Array(TrendingItemSchema, { description: 'Most downloaded first; never null' });

export const TrendingQuerySchema = Type.Object({
  window: Type.Optional(Type.String({ maxLength: 16, description: 'all (when absent), 1d, 7d or 30d' })),
  sort: Type.Optional(Type.String({ maxLength: 32, description: 'downloads (when absent) or downloadedBytes' })),
  limit: Type.Optional(Type.String({ maxLength: 32, description: 'From 1, 20 when absent; more than 100 is 100' })),
});
export type TrendingQueryString = Static<typeof TrendingQuerySchema>;
export const TrendingFilesQuerySchema = Type.Omit(TrendingQuerySchema, ['sort']);
