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

/** How to get the runs that a missing server skips. */
export const ENABLE_HINT =
  'start PostgreSQL (trust auth, user postgres, database test) and MariaDB or MySQL (root, empty password) on ' +
  '127.0.0.1, or point FERRY_TEST_POSTGRES_URL / FERRY_TEST_MYSQL_URL at servers of yours';

/** The backend of this run; sqlite unless the vitest project (or the caller) says otherwise. */
export const BACKEND: MetadataBackend = parseBackend(process.env.FERRY_TEST_METADATA ?? 'sqlite');

export function parseBackend(name: string): MetadataBackend {
  if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`FERRY_TEST_METADATA=${name}: expected one of ${BACKENDS.join(', ')}`);
  return name as MetadataBackend;
}

/** Whether the backend's server answers on its port (SQLite needs none). */
export async function reachable(backend: MetadataBackend): Promise<boolean> {
  if (backend === 'sqlite') return true;
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
    return { config: { Driver: 'postgres', ConnectionString: url.toString(), ...POOL }, drop: () => postgres(`drop schema ${name} cascade`) };
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
