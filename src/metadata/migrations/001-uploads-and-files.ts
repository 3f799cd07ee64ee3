// Uploads and their files. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'uploads')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint')
    .addColumn('ttl', 'integer', (c) => c.notNull())
    .addColumn('extend_ttl', 'integer', (c) => c.notNull())
    .addColumn('one_shot', 'integer', (c) => c.notNull())
    .addColumn('stream', 'integer', (c) => c.notNull())
    .addColumn('removable', 'integer', (c) => c.notNull())
    .addColumn('login', 'varchar(255)')
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('upload_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(255)')
    .addColumn('token_id', 'varchar(255)')
    .addColumn('remote_ip', 'varchar(64)')
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('uploads_expire_at').on('uploads').column('expire_at').execute();
  await db.schema.createIndex('uploads_user_id').on('uploads').columns(['user_id', 'created_at']).execute();

  await createTable(db, dialect, 'files')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('upload_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(1024)', (c) => c.notNull())
    .addColumn('type', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('md5', 'varchar(64)')
    .addColumn('reference', 'varchar(255)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('download_limit', 'integer', (c) => c.notNull())
    .addColumn('downloads_reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downloads_completed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('files_upload_id').on('files').column('upload_id').execute();
  await db.schema.createIndex('files_status').on('files').column('status').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('files').execute();
  await db.schema.dropTable('uploads').execute();
}
