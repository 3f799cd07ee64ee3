// Users, their upload tokens and their web sessions. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';
import { createTable, dropIndex, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'users')
    .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('provider', 'varchar(16)', (c) => c.notNull())
    .addColumn('login', 'varchar(255)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(255)', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('max_file_size', 'bigint', (c) => c.notNull())
    .addColumn('max_user_size', 'bigint', (c) => c.notNull())
    .addColumn('max_ttl', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_created_at').on('users').column('created_at').execute();

  await createTable(db, dialect, 'tokens')
    .addColumn('token', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('comment', 'varchar(1024)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_user_id').on('tokens').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('uploads_token_id').on('uploads').column('token_id').execute();

  await createTable(db, dialect, 'sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('xsrf', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
}

export async function down(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('sessions').execute();
  await dropIndex(db, dialect, 'uploads_token_id', 'uploads').execute();
  await db.schema.dropTable('tokens').execute();
  await db.schema.dropTable('users').execute();
}
