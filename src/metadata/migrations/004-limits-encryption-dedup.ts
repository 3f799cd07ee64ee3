// Download limits, encryption at rest, hotlink protection and deduplicated blobs.
// Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('uploads')
    .addColumn('max_downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('uploads')
    .addColumn('encryption', 'varchar(8)', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema.alterTable('uploads').addColumn('key_check', 'varchar(128)').execute();
  await db.schema
    .alterTable('uploads')
    .addColumn('hotlink_protection', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Where a file's bytes live when deduplication pointed it at another file's: that blob's hash.
  await db.schema.alterTable('files').addColumn('blob_hash', 'varchar(128)').execute();

  await createTable(db, dialect, 'blobs')
    .addColumn('hash', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('upload_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('refs', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('blobs').execute();
  await db.schema.alterTable('files').dropColumn('blob_hash').execute();
  for (const column of ['hotlink_protection', 'key_check', 'encryption', 'max_downloads']) {
    await db.schema.alterTable('uploads').dropColumn(column).execute();
  }
}
