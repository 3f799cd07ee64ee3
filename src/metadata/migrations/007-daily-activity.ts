// Counters of what happens each day (UTC), per user and for the whole server: uploads created, files uploaded,
// downloads served and their bytes. Uploads and files are purged when they expire, and unlimited downloads leave
// no trace in them: these counters are the only lasting record. Released migrations never change: add a new file.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'daily_activity')
    // "<day> <scope>": one key that the increments' upsert conflicts on, and that an export pages by.
    .addColumn('id', 'varchar(270)', (c) => c.primaryKey())
    // A user's id, or * for the whole server.
    .addColumn('scope', 'varchar(255)', (c) => c.notNull())
    // YYYY-MM-DD, in UTC.
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('uploads', 'bigint', (c) => c.notNull())
    .addColumn('files', 'bigint', (c) => c.notNull())
    .addColumn('bytes_uploaded', 'bigint', (c) => c.notNull())
    .addColumn('downloads', 'bigint', (c) => c.notNull())
    .addColumn('bytes_downloaded', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('daily_activity_scope_day').on('daily_activity').columns(['scope', 'day']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('daily_activity').execute();
}
