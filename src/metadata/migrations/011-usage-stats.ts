// Plik 1.4's usage statistics: lifetime counters per scope (the server, a user, the anonymous uploads, a user
// token), added to as uploads, files and downloads happen, and each upload's and file's downloads per UTC day, which
// rank the trending lists over a window. Both only ever grow by increments in the database, so that every instance
// adds to the same figures. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

/** The lifetime counters, all BIGINT, zero until something happens (see UsageCounts in records/usage.ts). */
const USAGE_COUNTER_COLUMNS = [
  'users',
  'uploads',
  'files',
  'size',
  'downloads',
  'downloaded_bytes',
  'password_uploads',
  'removable_uploads',
  'one_shot_uploads',
  'stream_uploads',
  'extend_ttl_uploads',
  'e2ee_uploads',
  'comment_uploads',
  'ttl_none_uploads',
  'ttl_lt1h_uploads',
  'ttl_1h1d_uploads',
  'ttl_1d7d_uploads',
  'ttl_7d30d_uploads',
  'ttl_gt30d_uploads',
  'size_lt1m_files',
  'size_1m10m_files',
  'size_10m100m_files',
  'size_100m1g_files',
  'size_1g10g_files',
  'size_10g100g_files',
  'size_gt100g_files',
] as const;

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  let totals = createTable(db, dialect, 'usage_totals')
    // * for the server, anonymous, a user's id (they all hold a colon), or "token <hash>".
    .addColumn('scope', 'varchar(270)', (c) => c.primaryKey())
    // Since when the counters count (ms): the row's first increment. Rows are made by increments only (none here: an
    // import needs empty tables), so what happened before the upgrade is not in them.
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('last_upload_at', 'bigint');
  for (const column of USAGE_COUNTER_COLUMNS) totals = totals.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  await totals.execute();

  await createTable(db, dialect, 'download_days')
    // "<day> <upload id> <file id>" (no file id: the upload's own row): the key the increments' upsert conflicts on.
    .addColumn('id', 'varchar(300)', (c) => c.primaryKey())
    // YYYY-MM-DD, in UTC.
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('upload_id', 'varchar(64)', (c) => c.notNull())
    // '' on the upload's row.
    .addColumn('file_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('downloads', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('download_days_day').on('download_days').columns(['day', 'file_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('download_days').execute();
  await db.schema.dropTable('usage_totals').execute();
}
