// The metadata database restarts under a running Ferry: a PostgreSQL and a MariaDB of the test's own (never the
// machine's shared servers), stopped while uploads, downloads and metadata requests run, then started again.
// During the outage requests get a clear 503, after it the pool reconnects by itself; no file is left uploaded
// without its bytes, and oneShot and download limits hold across it.
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingDatabaseServer, startDatabaseServer, type DatabaseKind, type DatabaseServer } from '../helpers/database-server.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { fileUrl } from '../helpers/plik-client.js';
import {
  answerOf,
  completedOrRefused,
  expectAllWhole,
  expectNoHalfFiles,
  expectUnavailable,
  MiB,
  md5,
  sendFile,
  startTransfers,
  uploadFile,
  uploadSome,
  waitForRecovery,
} from './faults.js';
import { tally } from './tally.js';

const UNAVAILABLE = /metadata database is unavailable/;

const download = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
};

describe.each(['postgres', 'mysql'] as const)('the %s server restarts under a running Ferry', (kind: DatabaseKind) => {
  const missing = missingDatabaseServer(kind);
  let server: DatabaseServer | undefined;
  let ferry: TestFerry | undefined;
  const base = () => ferry!.url;

  beforeAll(async () => {
    if (missing) return;
    server = await startDatabaseServer(kind);
    ferry = await startTestFerry({
      MetadataBackendConfig: { Driver: kind, ConnectionString: server.url, MaxOpenConns: 5 },
      CleanupInterval: 3600,
    });
  });
  afterAll(async () => {
    await ferry?.close();
    await server?.dispose();
  });

  it.skipIf(missing)('answers 503 during the outage, recovers by itself, and loses nothing', async (context) => {
    const kept = await uploadSome(base(), 3, MiB);
    const readOnce = await uploadFile(base(), randomBytes(MiB), 'read-once.bin', { oneShot: true });
    const unread = await uploadFile(base(), randomBytes(MiB), 'unread-once.bin', { oneShot: true });
    const limited = await uploadFile(base(), randomBytes(MiB), 'twice.bin', { maxDownloads: 2 });
    expect((await download(fileUrl(base(), readOnce.upload, readOnce.file))).status).toBe(200);
    expect((await download(fileUrl(base(), limited.upload, limited.file))).status).toBe(200);
    // Transfers under way when the server goes: one upload finishes during the outage, one after it, and a
    // download of a big file reads through it.
    const { big, during, across, reading } = await startTransfers(base(), 8 * MiB, 32 * MiB);

    await server!.stop();
    tally(context, 'faults');
    const metadata = await answerOf(() => fetch(`${base()}/upload/${kept[0]!.upload.id}`));
    const created = await answerOf(() => fetch(`${base()}/upload`, { method: 'POST', body: '{}' }));
    const sent = await answerOf(() => sendFile(base(), kept[0]!.upload, new Uint8Array(randomBytes(1024)), 'late.bin'));
    const served = await answerOf(() => fetch(fileUrl(base(), kept[1]!.upload, kept[1]!.file)));
    const ownRoute = await answerOf(() => fetch(`${base()}/upload/${kept[0]!.upload.id}`, { headers: { Accept: 'application/json' } }));
    for (const answer of [metadata, created, sent, served, ownRoute]) expectUnavailable(answer, UNAVAILABLE);
    // Plik's routes answer in Plik's words (plain text); asked for JSON, the same as {message, status}.
    expect(metadata.body).toMatch(/^the metadata database is unavailable, try again in a moment\n$/);
    expect(JSON.parse(ownRoute.body)).toEqual({ status: 503, message: expect.stringMatching(UNAVAILABLE) });
    const endedDuring = await during.held.finish();
    expect(endedDuring.status, endedDuring.body).toBe(503);
    // The download reads from the data folder: the outage does not cut it.
    const read = await reading.finish();
    expect(md5(read)).toBe(md5(big.content));

    await server!.start();
    const endedAcross = await across.held.finish();
    const recoveryMs = await waitForRecovery(() => fetch(`${base()}/upload/${kept[0]!.upload.id}`));
    tally(context, 'recoveries');
    context.annotate(
      `${kind}: back ${recoveryMs} ms after the server; outage answers in ${Math.max(metadata.ms, created.ms, sent.ms, served.ms)} ms at most`,
    );
    // Complete, or refused and cleaned up: on a busy machine the server may not have read its head before the outage.
    const acrossSent = completedOrRefused(endedAcross, across);

    await expectAllWhole(context, base(), [...kept, big, ...acrossSent]);
    await expectNoHalfFiles(context, base(), [during.upload.id, across.upload.id, kept[0]!.upload.id]);
    expect(await partialFiles(ferry!.dataDir)).toEqual([]);
    // Limits across the restart: the oneShot read before is gone, the unread one gives exactly one download,
    // the file limited to two has one left.
    expect((await download(fileUrl(base(), readOnce.upload, readOnce.file))).status).toBe(404);
    const once = [await download(fileUrl(base(), unread.upload, unread.file)), await download(fileUrl(base(), unread.upload, unread.file))];
    expect(once.map((r) => r.status)).toEqual([200, 404]);
    expect(md5(once[0]!.body)).toBe(md5(unread.content));
    const twice = [
      await download(fileUrl(base(), limited.upload, limited.file)),
      await download(fileUrl(base(), limited.upload, limited.file)),
    ];
    expect(twice.map((r) => r.status)).toEqual([200, 404]);
    tally(context, 'filesChecked', 3);
  });
});

async function partialFiles(dataDir: string): Promise<string[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.partial')).map((e) => e.name);
}
