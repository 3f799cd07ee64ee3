// One soak: Ferry on SQLite + its data folder and Ferry on PostgreSQL + S3 (a PostgreSQL of its own from Debian's
// binaries, fauxqs for S3, as the tests have them), side by side under the same mixed load for the same minutes,
// each sampled every few seconds. Nothing is written here: the caller reports.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startDatabaseServer, type DatabaseServer } from '../../test/helpers/database-server.js';
import { createTestBucket, type TestBucket } from '../../test/helpers/s3.js';
import { freePort, startFerry, type FerryProcess } from '../server.js';
import { SIGN_IN, SoakLoad, type LoadTotals } from './load.js';
import { loopDelayP99Ms, openFiles, rssMiB, trends, type Sample, type Trend } from './samples.js';

export const STACKS = ['sqlite + disk', 'postgres + s3'] as const;
export type Stack = (typeof STACKS)[number];

export interface SoakOptions {
  minutes: number;
  /** Seconds between samples. */
  everySeconds: number;
  /** Run src/ through tsx (the tests) rather than the built dist/ (`npm run soak` builds first). */
  fromSource?: boolean;
}

export interface StackResult {
  stack: Stack;
  samples: Sample[];
  totals: LoadTotals;
  trends: Trend[];
  /** Why the soak failed on this stack; empty when it passed. */
  problems: string[];
}

/** How often expired uploads are swept: often, so that a soak of minutes sees many sweeps. */
const CLEANUP_INTERVAL = 5;

export async function runSoak(options: SoakOptions): Promise<StackResult[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ferry-soak-'));
  let database: DatabaseServer | undefined;
  let bucket: TestBucket | undefined;
  const ferries: FerryProcess[] = [];
  try {
    database = await startDatabaseServer('postgres');
    bucket = await createTestBucket();
    const sqlite = await startStack(work, 'sqlite', {}, options, ferries);
    const postgres = await startStack(
      work,
      'postgres',
      {
        MetadataBackendConfig: JSON.stringify({ Driver: 'postgres', ConnectionString: database.url, MaxOpenConns: 5 }),
        DataBackend: 's3',
        DataBackendConfig: JSON.stringify(bucket.config),
        // 5 MiB parts allow files of 50 GB at most.
        MaxFileSize: '1GB',
      },
      options,
      ferries,
    );
    const counter = new pg.Client({ connectionString: database.url.replace(/\/ferry$/, '/postgres') });
    await counter.connect();
    try {
      const postgresConnections = async () =>
        (await counter.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = 'ferry'")).rows[0]!.n;
      return await Promise.all([
        soakOne('sqlite + disk', sqlite, options, async () => openFiles(sqlite.ferry.pid, 'ferry.db').sqlite),
        soakOne('postgres + s3', postgres, options, postgresConnections),
      ]);
    } finally {
      await counter.end();
    }
  } finally {
    for (const ferry of ferries) await ferry.stop();
    await bucket?.release();
    await database?.dispose();
    await rm(work, { recursive: true, force: true });
  }
}

interface RunningStack {
  ferry: FerryProcess;
  metricsUrl: string;
}

async function startStack(
  work: string,
  name: string,
  options: Record<string, string>,
  { fromSource }: SoakOptions,
  started: FerryProcess[],
): Promise<RunningStack> {
  const metricsPort = await freePort();
  const ferry = await startFerry(await mkdtemp(path.join(work, `${name}-`)), {
    fromSource,
    readyWithinMs: 120_000,
    options: {
      CleanupInterval: String(CLEANUP_INTERVAL),
      MetricsPort: String(metricsPort),
      MetricsAddress: '127.0.0.1',
      FeatureAuthentication: 'enabled',
      DefaultAdminLogin: SIGN_IN.login,
      DefaultAdminPassword: SIGN_IN.password,
      ...options,
    },
  });
  started.push(ferry);
  return { ferry, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

async function soakOne(
  stack: Stack,
  { ferry, metricsUrl }: RunningStack,
  { minutes, everySeconds }: SoakOptions,
  dbConnections: () => Promise<number>,
): Promise<StackResult> {
  const started = Date.now();
  const endsAt = started + minutes * 60_000;
  const load = new SoakLoad(ferry.base.href);
  const samples: Sample[] = [];
  const problems: string[] = [];
  let missed = 0;
  const sampling = (async () => {
    // The first scrape resets the event loop's histogram: the first sample covers one interval, as the others.
    await loopDelayP99Ms(metricsUrl);
    while (Date.now() < endsAt) {
      await sleep(everySeconds * 1000);
      try {
        samples.push({
          t: (Date.now() - started) / 1000,
          rssMiB: rssMiB(ferry.pid),
          fds: openFiles(ferry.pid).fds,
          loopP99Ms: await loopDelayP99Ms(metricsUrl),
          dbConnections: await dbConnections(),
        });
      } catch (err) {
        // A scrape that meets a busy machine may fail once; a Ferry that died, or that fails three in a row, fails the soak.
        if (!ferry.exited() && ++missed < 3) continue;
        problems.push(`a sample failed: ${(err as Error).message}${ferry.exited() ? ` (Ferry ${ferry.exited()})` : ''}`);
        return;
      }
      missed = 0;
    }
  })();
  await Promise.all([load.run(endsAt), sampling]);
  const found = trends(samples);
  for (const trend of found.filter((t) => !t.ok)) {
    problems.push(`${trend.metric} grew by ${trend.rise.toFixed(1)} over the second half (allowed ${trend.allowed.toFixed(1)})`);
  }
  if (load.totals.fiveXx > 0) problems.push(`${load.totals.fiveXx} answers were 5xx`);
  for (const [what, count] of Object.entries(load.totals.failures)) problems.push(`${count} × ${what}`);
  return { stack, samples, totals: load.totals, trends: found, problems };
}
