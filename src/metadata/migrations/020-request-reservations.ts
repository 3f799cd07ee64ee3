// What each file being sent to a file request holds of the request's counters (a file, the bytes reserved so far),
// until it expires: renewed as its bytes arrive, so that what an instance that died mid-file held comes back once
// it expires (src/jobs/cleanup.ts), and is not counted forever. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'request_reservations')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('files', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_reservations_expires_at').on('request_reservations').column('expires_at').execute();
  await db.schema.createIndex('request_reservations_request_id').on('request_reservations').column('request_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('request_reservations').execute();
}
