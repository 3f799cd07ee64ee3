// A PostgreSQL or MariaDB server of a test's own, from Debian's binaries, in a temporary data folder on a port of
// its own: a test may stop it, kill it and start it again under a running Ferry, which the machine's shared servers
// (every other test's too) must never be put through. As root, the server runs as its package's user (both
// refuse root, or should); otherwise as whoever runs the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { freePort } from '../../bench/server.js';

export type DatabaseKind = 'postgres' | 'mysql';

export interface DatabaseServer {
  kind: DatabaseKind;
  /** The connection URL for Ferry (MetadataBackendConfig.ConnectionString), to a database made for it. */
  url: string;
  /** Shuts the server down as an operator's restart does (fast shutdown: sessions are cut, nothing is lost). */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port, and waits until it takes connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder; safe to call on a server never started or already stopped. */
  dispose(): Promise<void>;
}

/** How long a server may take to come up: initdb is done, so this is recovery and socket setup. */
const READY_MS = 30_000;
/** How much of the server's output a failure shows. */
const LOG_TAIL = 8 * 1024;

/** The newest PostgreSQL whose binaries Debian installed (/usr/lib/postgresql/<major>/bin), if any. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest && path.join(root, newest, 'bin');
}

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find(existsSync);

/** Why this machine cannot start a server of `kind`, if it cannot: the tests say so instead of failing. */
export function missingDatabaseServer(kind: DatabaseKind): string | undefined {
  if (kind === 'postgres') return postgresBin() ? undefined : 'no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)';
  return MARIADBD && existsSync('/usr/bin/mariadb-install-db') ? undefined : 'no mariadbd (apt-get install mariadb-server)';
}

/** The user and group ids to run `account`'s server under: its own when we are root, ours otherwise. */
function runAs(account: string): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${account}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error(`running as root, and there is no ${account} user to run the database server as`);
  return { uid: Number(uid), gid: Number(gid) };
}

interface Recipe {
  account: string;
  /** Makes the data folder (initdb, mariadb-install-db). */
  init: { command: string; args: string[] };
  /** The server's own command line. */
  serve: { command: string; args: string[] };
  /** The signal of a fast, clean shutdown. */
  stopSignal: NodeJS.Signals;
  /** Makes the database Ferry will use, once the server answers; throws while it does not. */
  createDatabase(): Promise<void>;
  /** Whether the server answers a query. */
  ready(): Promise<boolean>;
}

export async function startDatabaseServer(kind: DatabaseKind): Promise<DatabaseServer> {
  const dir = await mkdtemp(path.join(tmpdir(), `ferry-${kind}-`));
  const port = await freePort();
  const recipe = kind === 'postgres' ? postgresRecipe(dir, port) : mariadbRecipe(dir, port);
  const ids = runAs(recipe.account);
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  const run = (command: string, args: string[]) => {
    const started = spawn(command, args, { ...ids, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (data: Buffer) => void (log = (log + data.toString('utf8')).slice(-LOG_TAIL));
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    const done = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    started.once('error', (err) => void (log += `\n${err.message}`));
    return { started, done };
  };

  const start = async () => {
    const { started, done } = run(recipe.serve.command, recipe.serve.args);
    child = started;
    exited = done.then(() => undefined);
    const deadline = Date.now() + READY_MS;
    while (!(await recipe.ready())) {
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`${kind} server did not come up:\n${log}`);
      await sleep(100);
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(recipe.stopSignal);
    const clean = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!clean) child.kill('SIGKILL');
    await exited;
  };
  const server: DatabaseServer = {
    kind,
    url: kind === 'postgres' ? `postgres://postgres@127.0.0.1:${port}/ferry` : `mysql://root@127.0.0.1:${port}/ferry`,
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    const init = run(recipe.init.command, recipe.init.args);
    if ((await init.done) !== 0) throw new Error(`${recipe.init.command} failed:\n${log}`);
    await start();
    await recipe.createDatabase();
  } catch (err) {
    await server.dispose();
    throw err;
  }
  return server;
}

function postgresRecipe(dir: string, port: number): Recipe {
  const bin = postgresBin();
  if (!bin) throw new Error(missingDatabaseServer('postgres'));
  const data = path.join(dir, 'data');
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const query = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 1000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    account: 'postgres',
    init: { command: path.join(bin, 'initdb'), args: ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'] },
    // Its socket goes in its own folder (the default, /var/run/postgresql, belongs to the machine's server);
    // no fsync: what is tested is Ferry across a restart, not the disk's durability.
    serve: {
      command: path.join(bin, 'postgres'),
      args: ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    },
    stopSignal: 'SIGINT',
    createDatabase: () => query('create database ferry'),
    ready: () =>
      query('select 1').then(
        () => true,
        () => false,
      ),
  };
}

function mariadbRecipe(dir: string, port: number): Recipe {
  if (!MARIADBD) throw new Error(missingDatabaseServer('mysql'));
  const data = path.join(dir, 'data');
  const admin = `mysql://root@127.0.0.1:${port}/`;
  const query = async (statement: string) => {
    const connection = await mysql.createConnection({ uri: admin, connectTimeout: 1000 });
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  };
  const user = userInfo().username;
  const account = process.getuid?.() === 0 ? 'mysql' : user;
  return {
    account: 'mysql',
    init: {
      command: '/usr/bin/mariadb-install-db',
      args: ['--no-defaults', `--datadir=${data}`, `--user=${account}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    },
    serve: {
      command: MARIADBD,
      args: [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${path.join(dir, 'mysqld.sock')}`,
        `--pid-file=${path.join(dir, 'mysqld.pid')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--user=${account}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=16M',
        '--innodb-flush-log-at-trx-commit=0',
      ],
    },
    stopSignal: 'SIGTERM',
    createDatabase: () => query('create database ferry'),
    ready: () =>
      query('select 1').then(
        () => true,
        () => false,
      ),
  };
}
