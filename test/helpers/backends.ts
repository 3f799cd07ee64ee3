// The metadata backends the test suite runs against: which one this run uses (FERRY_TEST_METADATA, set per
// vitest project), where its server is, and a fresh empty store on it for every test server.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const BACKENDS = ['sqlite', 'postgres', 'mysql'] as const;
export type MetadataBackend = (typeof BACKENDS)[number];

/** The servers the postgres and mysql runs use; each test server gets its own schema or database on them. */
export const SERVER_URLS = {
  postgres: process.env.FERRY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.FERRY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
} as const;

/** How to get a run that a missing server skipped. */
const ENABLE_HINT: Record<Exclude<MetadataBackend, 'sqlite'>, string> = {
  postgres: 'start PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres, database test) or set FERRY_TEST_POSTGRES_URL',
  mysql: 'start MariaDB or MySQL on 127.0.0.1:3306 (root, empty password, database test) or set FERRY_TEST_MYSQL_URL',
};

/** The backend of this run; sqlite unless the vitest project (or the caller) says otherwise. */
export const BACKEND: MetadataBackend = parseBackend(process.env.FERRY_TEST_METADATA ?? 'sqlite');

export function parseBackend(name: string): MetadataBackend {
  if (!(BACKENDS as readonly string[]).includes(name))
    throw new Error(`FERRY_TEST_METADATA=${name}: expected one of ${BACKENDS.join(', ')}`);
  return name as MetadataBackend;
}

/**
 * The backends a vitest config makes projects for: FERRY_TEST_METADATA's alone, or all three. A server that does
 * not answer skips its run with a message saying how to get it, except when the run asked for it or runs in CI,
 * where a skipped backend would pass unnoticed.
 */
export async function backendsToRun(): Promise<MetadataBackend[]> {
  const asked = process.env.FERRY_TEST_METADATA ? parseBackend(process.env.FERRY_TEST_METADATA) : undefined;
  const backends: MetadataBackend[] = [];
  for (const backend of asked ? [asked] : BACKENDS) {
    if (backend === 'sqlite' || (await reachable(backend))) {
      backends.push(backend);
      continue;
    }
    const problem = `${SERVER_URLS[backend]} does not answer`;
    if (asked || process.env.CI) throw new Error(`the ${backend} run needs a server: ${problem}; ${ENABLE_HINT[backend]}`);
    warnOnce(`Skipping the ${backend} run: ${problem}. To run it, ${ENABLE_HINT[backend]}.`);
  }
  return backends;
}

/** Vitest evaluates a config once per project too: say it once per process. */
function warnOnce(message: string): void {
  const said = ((globalThis as { ferryTestWarnings?: Set<string> }).ferryTestWarnings ??= new Set());
  if (said.has(message)) return;
  said.add(message);
  console.warn(`\n  ${message}\n`);
}

/** Whether the backend's server answers on its port. */
async function reachable(backend: Exclude<MetadataBackend, 'sqlite'>): Promise<boolean> {
  const url = new URL(SERVER_URLS[backend]);
  const port = Number(url.port) || (backend === 'postgres' ? 5432 : 3306);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export interface TestMetadata {
  /** MetadataBackendConfig for Ferry: the empty store made for it. */
  config: Record<string, unknown>;
  /** Drops the schema or database with everything in it. */
  drop(): Promise<void>;
}

/** Small pools, so that the three runs and runs of other checkouts fit in the servers' connection limits together. */
const POOL = { MaxOpenConns: 5 };

/**
 * A new, empty metadata store: a PostgreSQL schema or MySQL database of its own, or a SQLite file in the data
 * folder (`ferry.db` unless told: a store sharing another's folder needs a file of its own).
 */
export async function createTestMetadata(backend: MetadataBackend, sqliteFile = 'ferry.db'): Promise<TestMetadata> {
  const name = `ferry_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  if (backend === 'postgres') {
    await postgres(`create schema ${name}`);
    const url = new URL(SERVER_URLS.postgres);
    url.searchParams.set('options', `-c search_path=${name}`);
    return {
      config: { Driver: 'postgres', ConnectionString: url.toString(), ...POOL },
      drop: () => postgres(`drop schema ${name} cascade`),
    };
  }
  if (backend === 'mysql') {
    await mysqlQuery(`create database ${name}`);
    const url = new URL(SERVER_URLS.mysql);
    url.pathname = `/${name}`;
    return { config: { Driver: 'mysql', ConnectionString: url.toString(), ...POOL }, drop: () => mysqlQuery(`drop database ${name}`) };
  }
  // The file goes with the data folder.
  return { config: { Driver: 'sqlite3', ConnectionString: sqliteFile }, drop: async () => undefined };
}

async function postgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URLS.postgres });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function mysqlQuery(statement: string): Promise<void> {
  const connection = await mysql.createConnection(SERVER_URLS.mysql);
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}
