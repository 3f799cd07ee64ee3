// File requests (reverse shares): a user's link through which others send them files. One row per request, with
// the counters its limits are reserved in by conditional UPDATEs; one row per submission, linking the upload that
// received it (owned by the requester) with the name and email its sender gave. And a user's age recipient, the
// public key that senders encrypt to end to end ('' for none).
// Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'file_requests')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('message', 'varchar(4096)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // null: never expires.
    .addColumn('expire_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    // Each 0: no limit.
    .addColumn('max_files', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_file_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('max_total_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allowed_types', 'varchar(2048)', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('name_field', 'varchar(16)', (c) => c.notNull().defaultTo('hidden'))
    .addColumn('email_field', 'varchar(16)', (c) => c.notNull().defaultTo('hidden'))
    .addColumn('reusable', 'integer', (c) => c.notNull().defaultTo(1))
    // What the limits are reserved in: files and bytes taken by arriving or arrived files, submissions opened.
    .addColumn('files_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_taken', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('submissions', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('file_requests_user_id').on('file_requests').column('user_id').execute();
  await createTable(db, dialect, 'request_uploads')
    .addColumn('upload_id', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('sender_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('sender_email', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_uploads_request_id').on('request_uploads').column('request_id').execute();
  await db.schema
    .alterTable('users')
    .addColumn('age_recipient', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('age_recipient').execute();
  await db.schema.dropTable('request_uploads').execute();
  await db.schema.dropTable('file_requests').execute();
}
