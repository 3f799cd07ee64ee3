// User tokens and upload tokens kept as SHA-256 hashes, so that a copy of the database holds no credential; and,
// on MySQL/MariaDB, account columns compared without PAD SPACE, so that `bobby1   ` is not `bobby1`.
// Released migrations never change: add a new file instead. There is no way down: a hash does not give its token back.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SqlDialect } from './dialect.js';

/** A user token's characters that lists show (domain/tokens.ts, TOKEN_PREFIX_LENGTH when this was written). */
const PREFIX_LENGTH = 8;
const UPLOADS_PAGE = 1000;

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('tokens')
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('tokens').renameColumn('token', 'hash').execute();
  if (dialect === 'mysql') await noPadSpace(db);
  // PostgreSQL and SQLite run this migration in one transaction; on MySQL each UPDATE is atomic on its own, and
  // they come after every schema change, so that a failed start has changed either no row or every row of a table.
  if (dialect === 'sqlite') return hashEachRow(db);
  const hash = (column: string) => sha256(dialect, column);
  // MySQL assigns left to right, each seeing the columns set before it: prefix reads the token before it is hashed.
  await sql`update tokens set prefix = substr(hash, 1, ${sql.lit(PREFIX_LENGTH)}), hash = ${hash('hash')}`.execute(db);
  await sql`update uploads set upload_token = ${hash('upload_token')}, token_id = ${hash('token_id')}`.execute(db);
}

/** SHA-256, hex, of a text column, in SQL (NULL stays NULL). */
function sha256(dialect: Exclude<SqlDialect, 'sqlite'>, column: string): RawBuilder<string> {
  const ref = sql.ref(column);
  return dialect === 'postgres' ? sql`encode(sha256(convert_to(${ref}, 'UTF8')), 'hex')` : sql`sha2(${ref}, 256)`;
}

/** As domain/secrets.ts hashes secrets, frozen here with the migration. */
const hashOfSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** SQLite has no SHA-256 function: the rows are hashed here, inside the migration's transaction. */
async function hashEachRow(db: Kysely<unknown>): Promise<void> {
  const tokens = await sql<{ hash: string }>`select hash from tokens`.execute(db);
  for (const { hash: token } of tokens.rows) {
    await sql`update tokens set prefix = ${token.slice(0, PREFIX_LENGTH)}, hash = ${hashOfSecret(token)} where hash = ${token}`.execute(db);
  }
  // Page by page: a server's uploads need not fit in memory at once.
  for (let after = ''; ; ) {
    const { rows } = await sql<{ id: string; upload_token: string; token_id: string | null }>`
      select id, upload_token, token_id from uploads where id > ${after} order by id limit ${sql.lit(UPLOADS_PAGE)}`.execute(db);
    for (const row of rows) {
      const tokenId = row.token_id === null ? null : hashOfSecret(row.token_id);
      await sql`update uploads set upload_token = ${hashOfSecret(row.upload_token)}, token_id = ${tokenId} where id = ${row.id}`.execute(
        db,
      );
    }
    if (rows.length < UPLOADS_PAGE) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * MySQL's and MariaDB's binary collations pad: `'bobby1   ' = 'bobby1'` is true. The NO PAD binary one is named
 * utf8mb4_0900_bin on MySQL 8 and utf8mb4_nopad_bin on MariaDB; ids, logins and hashes compare byte for byte.
 */
async function noPadSpace(db: Kysely<unknown>): Promise<void> {
  const found = await sql<{ name: string }>`
    select collation_name as name from information_schema.collations
    where collation_name in ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin') order by collation_name`.execute(db);
  const collation = found.rows[0]?.name;
  if (!collation)
    throw new Error(
      'this MySQL/MariaDB has no NO PAD binary collation (utf8mb4_0900_bin or utf8mb4_nopad_bin): MySQL 8 or MariaDB 10.2 and later are needed',
    );
  const columns: [table: string, column: string, type: string][] = [
    ['users', 'id', 'varchar(255) not null'],
    ['users', 'login', 'varchar(255) not null'],
    ['tokens', 'hash', 'varchar(64) not null'],
    ['tokens', 'prefix', "varchar(16) not null default ''"],
    ['tokens', 'user_id', 'varchar(255) not null'],
    ['sessions', 'id_hash', 'varchar(64) not null'],
    ['sessions', 'user_id', 'varchar(255) not null'],
    ['uploads', 'upload_token', 'varchar(64) not null'],
    ['uploads', 'user_id', 'varchar(255)'],
    ['uploads', 'token_id', 'varchar(255)'],
  ];
  for (const [table, column, type] of columns) {
    await sql`alter table ${sql.table(table)} modify ${sql.ref(column)} ${sql.raw(type.replace(/^(varchar\(\d+\))/, `$1 character set utf8mb4 collate ${collation}`))}`.execute(
      db,
    );
  }
}
