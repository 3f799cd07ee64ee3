// Usage statistics over Kysely: the lifetime counters and the download days are upserts that add in the database
// (never read and written back), what is held now is one aggregate over the live uploads' files, and the trending
// lists rank either the lifetime counters of migration 009 or the download days of a window.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  boundsOf,
  emptyLifetime,
  emptyPeriod,
  FILE_SIZE_BUCKETS,
  type FileSizeBucket,
  type LifetimeUsage,
  TTL_BUCKETS,
  type TtlBucket,
  UPLOAD_FEATURES,
  type UploadFeature,
  type UsagePeriod,
} from '../../model/usage.js';
import type { SqlDialect } from '../migrations/dialect.js';
import type { UploadFilter } from '../records/uploads.js';
import type { TrendingFile, TrendingQuery, TrendingUpload, UsageGroup, UsageIncrement, UsageRecords } from '../records/usage.js';
import type { Database, UsageTotalsTable } from '../tables.js';
import { heldFiles, liveUploads, upsertAdding } from './queries.js';

type CounterColumn = Exclude<keyof UsageTotalsTable, 'scope' | 'started_at' | 'last_upload_at'>;

const FEATURE_COLUMN = {
  password: 'password_uploads',
  removable: 'removable_uploads',
  oneShot: 'one_shot_uploads',
  stream: 'stream_uploads',
  extendTtl: 'extend_ttl_uploads',
  e2ee: 'e2ee_uploads',
  comment: 'comment_uploads',
} as const satisfies Record<UploadFeature, CounterColumn>;

/** Whether an upload row uses a feature, as SQL over the uploads table. */
const FEATURE_CONDITION = {
  password: 'uploads.password_hash is not null',
  removable: 'uploads.removable = 1',
  oneShot: 'uploads.one_shot = 1',
  stream: 'uploads.stream = 1',
  extendTtl: 'uploads.extend_ttl = 1',
  e2ee: "uploads.e2ee <> ''",
  comment: "trim(uploads.comments) <> ''",
} as const satisfies Record<UploadFeature, string>;

const ttlColumn = (bucket: TtlBucket): CounterColumn => `ttl_${bucket}_uploads`;
const sizeColumn = (bucket: FileSizeBucket): CounterColumn => `size_${bucket}_files`;

const BASE_COLUMNS = ['users', 'uploads', 'files', 'size', 'downloads', 'downloaded_bytes'] as const satisfies CounterColumn[];
/** Every counter at zero: a new row holds these and what its first increment adds. */
const ZERO_COUNTERS = Object.fromEntries(
  [
    ...BASE_COLUMNS,
    ...Object.values(FEATURE_COLUMN),
    ...TTL_BUCKETS.map((b) => ttlColumn(b.name)),
    ...FILE_SIZE_BUCKETS.map((b) => sizeColumn(b.name)),
  ].map((column) => [column, 0]),
) as Record<CounterColumn, number>;

const SPLIT_COLUMN = { user: 'uploads.user_id', token: 'uploads.token_id' } as const satisfies Record<UsageGroup, string>;

/** `column` within a bucket's bounds, as SQL (the bounds are the model's constants, written as literals). */
function within(column: string, { from, below }: { from: number; below: number }): RawBuilder<unknown> {
  const conditions = [
    Number.isFinite(from) ? sql`${sql.ref(column)} >= ${sql.lit(from)}` : undefined,
    Number.isFinite(below) ? sql`${sql.ref(column)} < ${sql.lit(below)}` : undefined,
  ].filter((c) => c !== undefined);
  return sql.join(conditions, sql` and `);
}

/** The uploads of the held files that match, counted once each however many files they hold. */
const uploadsWhere = (condition: RawBuilder<unknown>) => sql<number | string>`count(distinct case when ${condition} then uploads.id end)`;

export class KyselyUsageRecords implements UsageRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async addUsage(scopes: string[], added: UsageIncrement, at: number): Promise<void> {
    const counts: Partial<Record<CounterColumn, number>> = {
      users: added.users,
      uploads: added.uploads,
      files: added.files,
      size: added.size,
      downloads: added.downloads,
      downloaded_bytes: added.downloadedBytes,
    };
    for (const feature of added.features ?? []) counts[FEATURE_COLUMN[feature]] = 1;
    if (added.ttl) counts[ttlColumn(added.ttl)] = 1;
    if (added.fileSize) counts[sizeColumn(added.fileSize)] = 1;
    const given = (Object.entries(counts) as [CounterColumn, number | undefined][]).filter(
      (entry): entry is [CounterColumn, number] => entry[1] !== undefined && entry[1] !== 0,
    );
    const lastUploadAt = added.lastUploadAt ?? null;
    const increments: Record<string, RawBuilder<unknown>> = Object.fromEntries(
      given.map(([column, n]) => [column, sql`${sql.ref(`usage_totals.${column}`)} + ${n}`]),
    );
    // The latest of the two, whichever instance wrote first.
    if (lastUploadAt !== null) {
      increments.last_upload_at = sql`case when usage_totals.last_upload_at is null or usage_totals.last_upload_at < ${lastUploadAt} then ${lastUploadAt} else usage_totals.last_upload_at end`;
    }
    if (Object.keys(increments).length === 0) return;
    const rows = [...new Set(scopes)].map((scope) => ({
      ...ZERO_COUNTERS,
      ...Object.fromEntries(given),
      scope,
      started_at: at,
      last_upload_at: lastUploadAt,
    }));
    await upsertAdding(this.db, this.dialect, 'usage_totals', 'scope', rows, increments);
  }

  async lifetimeUsage(scopes: string[]): Promise<Map<string, LifetimeUsage>> {
    if (scopes.length === 0) return new Map();
    const rows = await this.db.selectFrom('usage_totals').selectAll().where('scope', 'in', scopes).execute();
    return new Map(
      rows.map((row) => {
        const usage = emptyLifetime();
        usage.startedAt = Number(row.started_at);
        usage.lastUploadAt = row.last_upload_at === null ? null : Number(row.last_upload_at);
        usage.users = Number(row.users);
        usage.uploads = Number(row.uploads);
        usage.files = Number(row.files);
        usage.totalSize = Number(row.size);
        usage.downloads = Number(row.downloads);
        usage.downloadedBytes = Number(row.downloaded_bytes);
        for (const feature of UPLOAD_FEATURES) usage.features[feature] = Number(row[FEATURE_COLUMN[feature]]);
        for (const { name } of TTL_BUCKETS) usage.ttl[name] = Number(row[ttlColumn(name)]);
        for (const { name } of FILE_SIZE_BUCKETS) usage.fileSizes[name] = Number(row[sizeColumn(name)]);
        return [row.scope, usage];
      }),
    );
  }

  async currentUsage(filter: UploadFilter, now: number, split?: { by: UsageGroup; ids: string[] }): Promise<Map<string, UsagePeriod>> {
    if (split?.ids.length === 0) return new Map();
    const column = split && SPLIT_COLUMN[split.by];
    const aggregates = [
      sql<string | null>`${column ? sql.ref(column) : sql.lit('')}`.as('scope'),
      sql<number | string>`count(distinct uploads.id)`.as('uploads'),
      sql<number | string>`count(*)`.as('files'),
      sql<number | string>`coalesce(sum(files.size), 0)`.as('size'),
      ...UPLOAD_FEATURES.map((feature) => uploadsWhere(sql.raw(FEATURE_CONDITION[feature])).as(`feature_${feature}`)),
      ...boundsOf(TTL_BUCKETS).map((bucket) => uploadsWhere(within('uploads.ttl', bucket)).as(`ttl_${bucket.name}`)),
      ...boundsOf(FILE_SIZE_BUCKETS).map((bucket) =>
        sql<number | string>`sum(case when ${within('files.size', bucket)} then 1 else 0 end)`.as(`size_${bucket.name}`),
      ),
    ];
    let query = heldFiles(this.db, filter, now).select(aggregates);
    if (split && column) query = query.where(sql.ref(column), 'in', split.ids).groupBy(sql.ref(column));
    const rows = (await query.execute()) as Array<Record<string, unknown>>;
    return new Map(
      rows
        .filter((row) => Number(row.files) > 0)
        .map((row) => {
          const period = emptyPeriod();
          period.uploads = Number(row.uploads);
          period.files = Number(row.files);
          period.totalSize = Number(row.size);
          for (const feature of UPLOAD_FEATURES) period.features[feature] = Number(row[`feature_${feature}`]);
          for (const { name } of TTL_BUCKETS) period.ttl[name] = Number(row[`ttl_${name}`]);
          for (const { name } of FILE_SIZE_BUCKETS) period.fileSizes[name] = Number(row[`size_${name}`] ?? 0);
          return [String(row.scope ?? ''), period];
        }),
    );
  }

  async addDownloadDay(day: string, uploadId: string, wholeFiles: string[], bytes: number): Promise<void> {
    await addDownloadDays(
      this.db,
      this.dialect,
      [{ id: `${day} ${uploadId}`, day, upload_id: uploadId, file_id: '' }],
      wholeFiles.length,
      bytes,
    );
    // A file's bytes are not told apart from its siblings' in a zip: files rank by downloads alone, as Plik's do.
    const files = wholeFiles.map((fileId) => ({ id: `${day} ${uploadId} ${fileId}`, day, upload_id: uploadId, file_id: fileId }));
    if (files.length > 0) await addDownloadDays(this.db, this.dialect, files, 1, 0);
  }

  async forgetDownloadDays(day: string): Promise<void> {
    await this.db.deleteFrom('download_days').where('day', '<', day).execute();
  }

  async trendingUploads({ userId, fromDay, sort, limit }: TrendingQuery, now: number): Promise<TrendingUpload[]> {
    const filter: UploadFilter = userId === undefined ? {} : { userId };
    // The window's downloads per upload, or the lifetime counters as a table of the same shape.
    const counted =
      fromDay === null
        ? this.db
            .selectFrom('uploads')
            .select(['uploads.id as upload_id', 'uploads.download_count as downloads', 'uploads.downloaded_bytes as bytes'])
        : this.db
            .selectFrom('download_days')
            .select((eb) => [
              'upload_id',
              eb.fn.sum<number | string>('downloads').as('downloads'),
              eb.fn.sum<number | string>('bytes').as('bytes'),
            ])
            .where('file_id', '=', '')
            .where('day', '>=', fromDay)
            .groupBy('upload_id');
    const metric = sort === 'downloads' ? 'counted.downloads' : 'counted.bytes';
    const rows = await this.db
      .selectFrom(counted.as('counted'))
      .innerJoin('uploads', 'uploads.id', 'counted.upload_id')
      .select((eb) => [
        'uploads.id',
        'uploads.comments',
        'uploads.user_id',
        'uploads.last_downloaded_at',
        'counted.downloads',
        'counted.bytes',
        eb
          .selectFrom('files')
          .select((f) => f.fn.countAll<number | string>().as('n'))
          .whereRef('files.upload_id', '=', 'uploads.id')
          .where('files.status', '=', 'uploaded')
          .as('files'),
        eb
          .selectFrom('files')
          .select((f) => f.fn.coalesce(f.fn.sum<number | string>('files.size'), sql<number>`0`).as('n'))
          .whereRef('files.upload_id', '=', 'uploads.id')
          .where('files.status', '=', 'uploaded')
          .as('size'),
      ])
      .where((eb) => liveUploads(eb as never, filter, now))
      .where(metric, '>', 0)
      .orderBy(metric, 'desc')
      .orderBy(sql`coalesce(uploads.last_downloaded_at, 0)`, 'desc')
      .orderBy('uploads.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      comments: row.comments,
      userId: row.user_id,
      files: Number(row.files ?? 0),
      size: Number(row.size ?? 0),
      downloads: Number(row.downloads),
      downloadedBytes: Number(row.bytes),
      lastDownloadedAt: row.last_downloaded_at === null ? null : Number(row.last_downloaded_at),
    }));
  }

  async trendingFiles({ fromDay, limit }: Omit<TrendingQuery, 'sort' | 'userId'>, now: number): Promise<TrendingFile[]> {
    const counted =
      fromDay === null
        ? this.db.selectFrom('files').select(['files.id as file_id', 'files.download_count as downloads'])
        : this.db
            .selectFrom('download_days')
            .select((eb) => ['file_id', eb.fn.sum<number | string>('downloads').as('downloads')])
            .where('file_id', '<>', '')
            .where('day', '>=', fromDay)
            .groupBy('file_id');
    const rows = await this.db
      .selectFrom(counted.as('counted'))
      .innerJoin('files', 'files.id', 'counted.file_id')
      .innerJoin('uploads', 'uploads.id', 'files.upload_id')
      .select([
        'files.id',
        'files.upload_id',
        'files.name',
        'files.size',
        'files.last_downloaded_at',
        'uploads.user_id',
        'counted.downloads',
      ])
      .where((eb) => liveUploads(eb as never, {}, now))
      .where('files.status', '=', 'uploaded')
      .where('counted.downloads', '>', 0)
      .orderBy('counted.downloads', 'desc')
      .orderBy(sql`coalesce(files.last_downloaded_at, 0)`, 'desc')
      .orderBy('files.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      uploadId: row.upload_id,
      name: row.name,
      userId: row.user_id,
      size: Number(row.size),
      downloads: Number(row.downloads),
      lastDownloadedAt: row.last_downloaded_at === null ? null : Number(row.last_downloaded_at),
    }));
  }
}

/** Adds `downloads` and `bytes` to each row of download_days, made at zero first. */
function addDownloadDays(
  db: Kysely<Database>,
  dialect: SqlDialect,
  rows: Array<{ id: string; day: string; upload_id: string; file_id: string }>,
  downloads: number,
  bytes: number,
): Promise<void> {
  const increments = {
    downloads: sql`download_days.downloads + ${downloads}`,
    bytes: sql`download_days.bytes + ${bytes}`,
  };
  const values = rows.map((row) => ({ ...row, downloads, bytes }));
  return upsertAdding(db, dialect, 'download_days', 'id', values, increments);
}
