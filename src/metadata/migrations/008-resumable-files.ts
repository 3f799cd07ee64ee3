// Files being built over several requests (tus uploads): where each stands, what its store and its digests need to
// go on, when it is abandoned, and which request is writing it now. Released migrations never change: add a new file.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'resumable_files')
    .addColumn('file_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('upload_id', 'varchar(64)', (c) => c.notNull())
    // The upload's encryption mode: the cleanup frees the file through the same view, its upload gone or not.
    .addColumn('encryption', 'varchar(16)', (c) => c.notNull())
    // null: the client told no length yet (tus's Upload-Defer-Length).
    .addColumn('length', 'bigint')
    // The bytes durable so far ("offset" is a keyword in SQL).
    .addColumn('upload_offset', 'bigint', (c) => c.notNull())
    // The data store's state at that offset (an S3 multipart upload's parts…), JSON.
    .addColumn('store_state', 'text', (c) => c.notNull())
    // The file's digests as computed up to that offset (hash states, sealed when the file is encrypted), JSON.
    .addColumn('digest_state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Pushed on with every byte: past it the upload is abandoned, and the cleanup removes it.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // The request writing the file now and until when its claim holds, unless renewed; null: no one.
    .addColumn('claim_holder', 'varchar(64)')
    .addColumn('claim_until', 'bigint')
    .execute();
  await db.schema.createIndex('resumable_files_expires_at').on('resumable_files').column('expires_at').execute();
  await db.schema.createIndex('resumable_files_upload_id').on('resumable_files').column('upload_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('resumable_files').execute();
}
