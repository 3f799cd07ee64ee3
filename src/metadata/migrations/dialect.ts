// What differs between SQL dialects when a migration creates tables; every migration goes through these helpers.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/** A migration step: the provider hands it the dialect it runs on. */
export type MigrationStep = (db: Kysely<unknown>, dialect: SqlDialect) => Promise<void>;

/**
 * db.schema.createTable, with MySQL told to compare text byte for byte. MySQL's default collations ignore case,
 * and ids, tokens and file names are case-sensitive: `abc` must not find `ABC`. utf8mb4_bin exists on MySQL and
 * MariaDB alike (its trailing-space padding is harmless: no id or token ends in a space).
 */
export function createTable(db: Kysely<unknown>, dialect: SqlDialect, name: string): CreateTableBuilder<string, never> {
  const table = db.schema.createTable(name);
  return dialect === 'mysql' ? table.modifyEnd(sql`default character set utf8mb4 collate utf8mb4_bin`) : table;
}

/** db.schema.dropIndex: MySQL's indexes belong to a table, PostgreSQL's and SQLite's to the schema. */
export function dropIndex(db: Kysely<unknown>, dialect: SqlDialect, name: string, table: string) {
  const drop = db.schema.dropIndex(name);
  return dialect === 'mysql' ? drop.on(table) : drop;
}
