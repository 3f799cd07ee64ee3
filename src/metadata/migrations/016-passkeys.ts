// Passkeys (WebAuthn credentials) of accounts, and the challenges of their ceremonies. A challenge is kept
// server-side, by its hash, so that any instance can finish a ceremony another began, and used once: the DELETE that
// takes it decides. Released migrations never change: add a new file.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'passkeys')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    // The authenticator's credential id, base64url: up to 1023 bytes, too long for a unique index on MySQL, so the
    // index is on its SHA-256 (hex), which is also what a sign-in looks it up by.
    .addColumn('credential_id', 'varchar(1400)', (c) => c.notNull())
    .addColumn('credential_hash', 'varchar(64)', (c) => c.notNull().unique())
    // The COSE public key, base64url: not a secret.
    .addColumn('public_key', 'text', (c) => c.notNull())
    // The authenticator's signature counter; 0 for one that keeps none.
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkeys_user_id').on('passkeys').column('user_id').execute();

  await createTable(db, dialect, 'passkey_challenges')
    .addColumn('challenge_hash', 'varchar(64)', (c) => c.primaryKey())
    // 'register' (bound to the user adding a passkey) or 'sign-in' (anyone's: the usernameless flow).
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(255)')
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passkey_challenges_expire_at').on('passkey_challenges').column('expire_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['passkey_challenges', 'passkeys']) await db.schema.dropTable(table).execute();
}
