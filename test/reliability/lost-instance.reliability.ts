// One instance of three is lost: three Ferry processes on one PostgreSQL (the test's own) and one S3 server, as
// behind a load balancer, and one of them killed with SIGKILL while it sweeps (holding the cleanup lease) and
// serves a download. The other two keep serving everything, one of them takes the lease over once it runs out,
// and the download cut short is resumed on another instance with a Range.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryProcess } from '../../bench/server.js';
import { missingDatabaseServer, startDatabaseServer, type DatabaseServer } from '../helpers/database-server.js';
import { fileUrl } from '../helpers/plik-client.js';
import { startS3Gate, type S3Gate } from '../helpers/s3-gate.js';
import { createTestBucket, type TestBucket } from '../helpers/s3.js';
import { expectAllWhole, expectResumed, holdDownload, MiB, uploadFile, uploadSome } from './faults.js';
import { tally } from './tally.js';

/** Seconds between sweeps: a lease lasts 5 of them (src/jobs/cleanup.ts), 10 s here. */
const CLEANUP_INTERVAL = 2;
const LEASE_MS = 5 * CLEANUP_INTERVAL * 1000;

const missing = missingDatabaseServer('postgres');
let database: DatabaseServer | undefined;
let bucket: TestBucket | undefined;
let gate: S3Gate | undefined;
let dataDir: string | undefined;
const instances: FerryProcess[] = [];
const base = (ferry: FerryProcess) => ferry.base.href.replace(/\/$/, '');

/** An instance on the shared database and bucket, the bucket reached at `endpoint` (the gate, or the server). */
async function startInstance(endpoint: string): Promise<FerryProcess> {
  const ferry = await startFerry(await mkdtemp(path.join(dataDir!, 'instance-')), {
    fromSource: true,
    readyWithinMs: 60_000,
    options: {
      MetadataBackendConfig: JSON.stringify({ Driver: 'postgres', ConnectionString: database!.url, MaxOpenConns: 3 }),
      DataBackend: 's3',
      // Through the gate, no request timeout: the stalled sweep holds the lease until the kill, however slow the machine.
      DataBackendConfig: JSON.stringify({
        ...bucket!.config,
        Endpoint: endpoint,
        ...(endpoint === gate?.endpoint && { RequestTimeout: 0 }),
      }),
      CleanupInterval: String(CLEANUP_INTERVAL),
      // A bucket of 5 MiB parts holds files of 50 GB at most (10,000 parts): the bench's default is more.
      MaxFileSize: '1GB',
    },
  });
  instances.push(ferry);
  return ferry;
}

async function query<T>(statement: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    return (await client.query(statement, values)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (missing) return;
  dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-instances-'));
  database = await startDatabaseServer('postgres');
  bucket = await createTestBucket();
  gate = await startS3Gate(String(bucket.config.Endpoint));
});
afterAll(async () => {
  await Promise.all(instances.map((ferry) => ferry.kill()));
  await gate?.close();
  await bucket?.release();
  await database?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('one Ferry instance of three lost with kill -9', () => {
  it.skipIf(missing)('the others serve on, take the cleanup lease over, and resume its download', async (context) => {
    // The instance to lose reaches S3 through the gate, so that its sweep can be made to hang holding the lease.
    const lost = await startInstance(gate!.endpoint);
    const kept = await uploadSome(base(lost), 3, MiB);
    const big = await uploadFile(base(lost), randomBytes(24 * MiB), 'big.bin');
    const reading = await holdDownload(fileUrl(base(lost), big.upload, big.file));
    expect(reading.status).toBe(200);
    const expiring = await uploadFile(base(lost), randomBytes(1024), 'expiring.bin', { ttl: 1 });
    // From now on its requests to S3 hang: the next sweep takes the lease and stops at the expired file's bytes.
    gate!.stall();
    // A sweep that began after the upload expired is one that hangs: wait for one to have begun, then see it hold on.
    await sleep(1000 + 2 * CLEANUP_INTERVAL * 1000);
    await expect
      .poll(async () => (await query<{ n: number }>('select count(*)::int as n from leases where expires_at > $1', [Date.now()]))[0]!.n, {
        timeout: 15_000,
      })
      .toBe(1);
    const survivors = await Promise.all([startInstance(String(bucket!.config.Endpoint)), startInstance(String(bucket!.config.Endpoint))]);
    // While the lease is held, the survivors' sweeps skip: the expired upload is still there.
    const uploadRows = () => query<{ id: string }>('select id from uploads where id = $1', [expiring.upload.id]);
    expect(await uploadRows()).toHaveLength(1);

    await lost.kill();
    const killedAt = performance.now();
    tally(context, 'faults');
    // The download that was on it ends short; another instance gives the rest.
    await expectResumed(base(survivors[1]!), big, await reading.finish());
    for (const survivor of survivors) await expectAllWhole(context, base(survivor), [...kept, big]);
    const added = await uploadFile(base(survivors[0]!), randomBytes(MiB), 'after.bin');
    await expectAllWhole(context, base(survivors[1]!), [added]);

    // The lease runs out, a survivor sweeps: the expired upload goes.
    while ((await uploadRows()).length > 0) {
      expect(performance.now() - killedAt, 'the lease did not pass to a survivor').toBeLessThan(LEASE_MS + 3 * CLEANUP_INTERVAL * 1000);
      await sleep(250);
    }
    tally(context, 'recoveries');
    context.annotate(
      `the cleanup lease passed to a survivor ${Math.round(performance.now() - killedAt)} ms after the kill (lease ${LEASE_MS} ms)`,
    );
    for (const survivor of survivors) expect(survivor.exited()).toBeUndefined();
  });
});
