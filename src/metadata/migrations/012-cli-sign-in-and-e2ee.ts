// Plik 1.4's CLI device sign-in (/auth/cli/init, approve, poll): one row per request, keyed by the hash of its
// code, the CLI's secret kept as a hash too; and an upload's end-to-end encryption scheme (e2ee, '' for none).
// Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'cli_sign_ins')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hostname', 'varchar(255)', (c) => c.notNull())
    // Set once, by the approval: whose token the CLI gets, and the token's comment.
    .addColumn('user_id', 'varchar(255)')
    .addColumn('comment', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cli_sign_ins_expire_at').on('cli_sign_ins').column('expire_at').execute();
  await db.schema
    .alterTable('uploads')
    .addColumn('e2ee', 'varchar(16)', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('uploads').dropColumn('e2ee').execute();
  await db.schema.dropTable('cli_sign_ins').execute();
}
