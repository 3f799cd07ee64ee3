// Opens the metadata store the config asks for and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { KyselyMetadataStore } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import type { MetadataStore } from './store.js';
import type { Database } from './tables.js';

export interface MetadataOptions {
  driver: 'sqlite3' | 'sqlite';
  /** SQLite: the database file. */
  sqliteFile: string;
}

export async function openMetadataStore(options: MetadataOptions): Promise<MetadataStore> {
  const db = new Kysely<Database>({ dialect: sqliteDialect(options.sqliteFile) });
  await migrate(db);
  return new KyselyMetadataStore(db);
}

function sqliteDialect(file: string): SqliteDialect {
  mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers go on while a write commits; the busy timeout rides out a concurrent writer (e.g. `ferry clean`).
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database });
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw new Error(`metadata migration failed: ${(error as Error).message ?? String(error)}`);
}
