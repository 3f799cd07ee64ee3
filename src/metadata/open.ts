// Opens the metadata store the config asks for (SQLite, PostgreSQL or MySQL/MariaDB) and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CompiledQuery, Kysely, Migrator, MysqlDialect, PostgresDialect, sql, SqliteDialect, type Dialect, type LogEvent } from 'kysely';
import { embeddedPaths } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { mysqlUrl, postgresUrl } from './connection-string.js';
import { openEmbeddedSqlite } from './embedded-sqlite.js';
import { reportingUnreachable } from './unreachable.js';
import { timingOutMysql, timingOutPostgres, type QueryDeadline } from './query-timeouts.js';
import { kyselyMetadataStore } from './kysely/store.js';
import type { SqlDialect } from './migrations/dialect.js';
import { migrationProvider } from './migrations/index.js';
import { withStatementCache } from './statement-cache.js';
import type { MetadataStore } from './store.js';
import type { Database } from './tables.js';

const DEFAULT_POOL_SIZE = 10;
const PG_INT8 = 20;

export interface MetadataDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** QueryTimeout, off until `openMetadataDatabase` has migrated the schema: a migration may rightly take minutes. */
  queryDeadline: QueryDeadline;
}

/** `onQuery`: told how long each query took, and whether it failed (the metrics). */
export interface QueryObserver {
  onQuery?: (milliseconds: number, failed: boolean) => void;
}

export async function openMetadataStore(config: Config, observer: QueryObserver = {}): Promise<MetadataStore> {
  const { db, dialect } = await openMetadataDatabase(config, observer);
  return kyselyMetadataStore(db, dialect);
}

/** The migrated database itself, for commands that move rows wholesale (export, import). */
export async function openMetadataDatabase(config: Config, observer: QueryObserver = {}): Promise<MetadataDatabase> {
  const database = await connectMetadataDatabase(config, observer);
  const { db, dialect } = database;
  try {
    await migrate(db, dialect);
  } catch (err) {
    await db.destroy();
    throw new Error(
      `metadata store (${config.MetadataBackendConfig.Driver}) could not be opened: ${(err as Error).message ?? String(err)}`,
      { cause: err },
    );
  }
  database.queryDeadline.ms = config.MetadataBackendConfig.QueryTimeout * 1000;
  return database;
}

/** The database as it is, not migrated (tests of a migration start from an older schema with migrate's `target`). */
export async function connectMetadataDatabase(config: Config, { onQuery }: QueryObserver = {}): Promise<MetadataDatabase> {
  const backend = config.MetadataBackendConfig;
  const dialect: SqlDialect = backend.Driver === 'postgres' || backend.Driver === 'mysql' ? backend.Driver : 'sqlite';
  const queryDeadline: QueryDeadline = { ms: 0 };
  const pool = {
    size: backend.MaxOpenConns || DEFAULT_POOL_SIZE,
    idle: backend.MaxIdleConns,
    connectMs: backend.ConnectTimeout * 1000,
    queryDeadline,
  };
  const connection = backend.ConnectionString ?? '';
  const kyselyDialect =
    dialect === 'postgres'
      ? reportingUnreachable(await postgresDialect(connection, pool))
      : dialect === 'mysql'
        ? reportingUnreachable(await mysqlDialect(connection, pool))
        : await sqliteDialect(embeddedPaths(config).sqliteFile);
  const log = onQuery && ((event: LogEvent) => onQuery(event.queryDurationMillis, event.level === 'error'));
  return { db: new Kysely<Database>({ dialect: kyselyDialect, log }), dialect, queryDeadline };
}

interface PoolOptions {
  size: number;
  idle: number | undefined;
  /** ConnectTimeout in ms, 0 for none. */
  connectMs: number;
  queryDeadline: QueryDeadline;
}

async function sqliteDialect(file: string): Promise<Dialect> {
  mkdirSync(path.dirname(file), { recursive: true });
  // The busy timeout rides out a concurrent writer (e.g. `ferry clean`); WAL lets readers go on while a write commits.
  const database = await openEmbeddedSqlite(file, { busyTimeoutMs: 5000 });
  database.exec('pragma journal_mode = WAL');
  return new SqliteDialect({ database: withStatementCache(database) });
}

// The drivers of database servers are loaded only by the server that uses one: together they cost a SQLite
// server some 30 MB of memory for nothing.
async function postgresDialect(connection: string, pool: PoolOptions): Promise<Dialect> {
  const { default: pg } = await import('pg');
  const clients = new pg.Pool({
    connectionString: postgresUrl(connection),
    max: pool.size,
    min: pool.idle,
    // Opening a connection, or waiting for one to come free: a server out of reach answers 503 in that time.
    connectionTimeoutMillis: pool.connectMs,
    // BIGINT as a number, as SQLite and MySQL give it (instants in ms and sizes stay far below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, an operator's pg_terminate_backend) is an 'error' of the pool,
  // which would end the process unheard: the pool has already dropped it, and the next query opens a new one.
  clients.on('error', () => undefined);
  timingOutPostgres(clients, pool.queryDeadline);
  return new PostgresDialect({ pool: clients });
}

async function mysqlDialect(connection: string, pool: PoolOptions): Promise<Dialect> {
  const { createPool } = await import('mysql2');
  const connections = createPool({
    uri: mysqlUrl(connection),
    connectionLimit: pool.size,
    maxIdle: pool.idle,
    connectTimeout: pool.connectMs,
    // Affected rows count the rows an UPDATE matched, not only those it changed, as on SQLite and PostgreSQL:
    // the conditional updates (a file's status, a lease renewed within the same millisecond) rely on it.
    flags: ['FOUND_ROWS'],
  });
  timingOutMysql(connections, pool.queryDeadline);
  return new MysqlDialect({
    pool: connections,
    // READ COMMITTED, PostgreSQL's default: under InnoDB's REPEATABLE READ, a lookup of a missing key (a new blob's
    // hash) locks the gap it would go in, so two uploads of different new content deadlock on their inserts.
    onCreateConnection: async (conn) => {
      await conn.executeQuery(CompiledQuery.raw('set session transaction isolation level read committed'));
    },
  });
}

/** Brings the schema up to date, or up to the migration named `target`. */
export async function migrate(db: Kysely<Database>, dialect: SqlDialect, target?: string): Promise<void> {
  // On PostgreSQL Kysely would look for its bookkeeping tables in every schema; pin it to ours (the search_path's).
  const schema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), migrationTableSchema: schema });
  const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error;
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('no schema of the search_path exists: create it, or set options=-c search_path=… in the URL');
  return schema;
}
