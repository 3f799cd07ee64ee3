// Plik 1.4's usage figures: what a scope (the server, a user, a token) holds or has held, with the upload
// features, the TTL chosen at creation and the file sizes counted in buckets. The buckets are defined here once,
// for the counters added to as things happen and for the query that counts what is held now.

/** The optional features an upload may use, each counted on its own. */
export const UPLOAD_FEATURES = ['password', 'removable', 'oneShot', 'stream', 'extendTtl', 'e2ee', 'comment'] as const;
export type UploadFeature = (typeof UPLOAD_FEATURES)[number];

/** A bucket holds the values from the previous bucket's `below` (inclusive) up to its own (exclusive). */
interface Bucket<Name extends string> {
  name: Name;
  below: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** TTL seconds at creation, as Plik buckets them: 0 or less is none, and 30 days exactly still counts as 7 to 30. */
export const TTL_BUCKETS = [
  { name: 'none', below: 1 },
  { name: 'lt1h', below: HOUR },
  { name: '1h1d', below: DAY },
  { name: '1d7d', below: 7 * DAY },
  { name: '7d30d', below: 30 * DAY + 1 },
  { name: 'gt30d', below: Number.POSITIVE_INFINITY },
] as const satisfies readonly Bucket<string>[];
export type TtlBucket = (typeof TTL_BUCKETS)[number]['name'];

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** File sizes in bytes, binary MiB and GiB as Plik counts them. */
export const FILE_SIZE_BUCKETS = [
  { name: 'lt1m', below: MIB },
  { name: '1m10m', below: 10 * MIB },
  { name: '10m100m', below: 100 * MIB },
  { name: '100m1g', below: GIB },
  { name: '1g10g', below: 10 * GIB },
  { name: '10g100g', below: 100 * GIB },
  { name: 'gt100g', below: Number.POSITIVE_INFINITY },
] as const satisfies readonly Bucket<string>[];
export type FileSizeBucket = (typeof FILE_SIZE_BUCKETS)[number]['name'];

/** The bucket a value falls in; the last one has no end, so there is always one. */
export function bucketOf<Name extends string>(buckets: readonly Bucket<Name>[], value: number): Name {
  return buckets.find((bucket) => value < bucket.below)!.name;
}

/** The lower bound of each bucket, for a query that counts them: the previous one's `below`. */
export function boundsOf<Name extends string>(buckets: readonly Bucket<Name>[]): Array<{ name: Name; from: number; below: number }> {
  return buckets.map((bucket, i) => ({ name: bucket.name, from: buckets[i - 1]?.below ?? Number.NEGATIVE_INFINITY, below: bucket.below }));
}

/** What a scope holds now, or has held since its counters started: the same figures either way. */
export interface UsagePeriod {
  uploads: number;
  files: number;
  /** Bytes of its files. */
  totalSize: number;
  /** Uploads using each feature. */
  features: Record<UploadFeature, number>;
  /** Uploads by the TTL chosen at their creation. */
  ttl: Record<TtlBucket, number>;
  /** Files (not bytes) by size. */
  fileSizes: Record<FileSizeBucket, number>;
}

/** A scope's lifetime counters: what it has held since `startedAt`, and what its files served. */
export interface LifetimeUsage extends UsagePeriod {
  /** When its counters started (ms); null: nothing counted yet. */
  startedAt: number | null;
  lastUploadAt: number | null;
  /** Users created (the server's scope only). */
  users: number;
  /** Files served whole. */
  downloads: number;
  /** Bytes served, Range responses included. */
  downloadedBytes: number;
}

const zeros = <Name extends string>(names: readonly Name[]) => Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;

export function emptyPeriod(): UsagePeriod {
  return {
    uploads: 0,
    files: 0,
    totalSize: 0,
    features: zeros(UPLOAD_FEATURES),
    ttl: zeros(TTL_BUCKETS.map((b) => b.name)),
    fileSizes: zeros(FILE_SIZE_BUCKETS.map((b) => b.name)),
  };
}

export function emptyLifetime(): LifetimeUsage {
  return { ...emptyPeriod(), startedAt: null, lastUploadAt: null, users: 0, downloads: 0, downloadedBytes: 0 };
}
