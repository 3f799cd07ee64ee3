// Two-factor sign-in of local accounts (TOTP): each user's secret (sealed with the server's key, it must compute
// codes) and the last time step accepted, so that no code works twice; their one-time recovery codes, by hash; and
// the second-step challenges a password sign-in hands out, by hash. Released migrations never change: add a new file.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'two_factor')
    .addColumn('user_id', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('sealed_secret', 'varchar(255)', (c) => c.notNull())
    // null while enrolment waits for its first code: the secret is not asked for at sign-in until then.
    .addColumn('confirmed_at', 'bigint')
    // The TOTP time step (Unix time / 30 s) of the last code taken; a code is taken only for a later step.
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await createTable(db, dialect, 'two_factor_recovery_codes')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_factor_recovery_codes_user').on('two_factor_recovery_codes').column('user_id').execute();

  await createTable(db, dialect, 'two_factor_challenges')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    // verify: a code is asked for; enrol: the policy requires two-factor and the user must enrol first.
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_factor_challenges_expire_at').on('two_factor_challenges').column('expire_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['two_factor_challenges', 'two_factor_recovery_codes', 'two_factor']) await db.schema.dropTable(table).execute();
}
