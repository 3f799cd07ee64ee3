// Invitations: a link that creates one local account, made by an admin (or, per InvitationsByUsers, any user).
// The link's token is kept by its hash; the row stays after use, expiry or revocation, so that the admin list
// tells them apart. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'invitations')
    // What lists and revocation name it by: not the token, which only the link holds.
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    // '' : the link was handed over by other means; else the address it was sent to, prefilled on the page.
    .addColumn('email', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    // Set by the one conditional UPDATE that takes the invitation: of two accepts at once, one sets them.
    .addColumn('used_at', 'bigint')
    .addColumn('used_by', 'varchar(255)')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invitations_created_at').on('invitations').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
