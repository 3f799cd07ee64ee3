// The S3 server goes away under a running Ferry and comes back: a gate between them (helpers/s3-gate.ts) refuses
// and cuts every connection during uploads and downloads, then opens again. During the outage requests that need
// the bucket get a clear 503; after it Ferry serves again without a restart, a download cut short resumes with a
// Range, nothing is shown as uploaded that is not whole in the bucket, and no multipart upload is left behind.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { fileUrl } from '../helpers/plik-client.js';
import { startS3Gate, type S3Gate } from '../helpers/s3-gate.js';
import {
  answerOf,
  completedOrRefused,
  expectAllWhole,
  expectNoHalfFiles,
  expectResumed,
  expectUnavailable,
  MiB,
  sendFile,
  startTransfers,
  uploadFile,
  uploadSome,
  waitForRecovery,
} from './faults.js';
import { tally } from './tally.js';

const UNAVAILABLE = /object store is unavailable/;
/** The first retry of an abort comes after 1 s, then 2, 4…: a few of them fit in this. */
const ABORTED_WITHIN_MS = 15_000;

let storage: TestStorage;
let gate: S3Gate;
let ferry: TestFerry;
const base = () => ferry.url;

beforeAll(async () => {
  storage = await createTestStorage({ data: 's3' });
  gate = await startS3Gate(String(storage.bucket!.config.Endpoint));
  ferry = await startTestFerry(
    { DataBackendConfig: { ...storage.bucket!.config, Endpoint: gate.endpoint }, CleanupInterval: 3600 },
    { storage },
  );
});
afterAll(async () => {
  await ferry?.close();
  await gate?.close();
  await storage?.release();
});

describe('the S3 server down and back under a running Ferry', () => {
  it('answers 503 during the outage, recovers by itself, resumes downloads and leaves no part behind', async (context) => {
    // Small files go as one PUT, the big ones as multipart uploads (5 MiB parts).
    const kept = [...(await uploadSome(base(), 3, MiB)), await uploadFile(base(), randomBytes(12 * MiB), 'multipart.bin')];
    const { big, during, across, reading } = await startTransfers(base(), 16 * MiB, 24 * MiB);

    await gate.shut();
    tally(context, 'faults');
    const served = await answerOf(() => fetch(fileUrl(base(), kept[0]!.upload, kept[0]!.file)));
    const sent = await answerOf(() => sendFile(base(), kept[0]!.upload, new Uint8Array(randomBytes(1024)), 'late.bin'));
    const ownRoute = await answerOf(() =>
      fetch(fileUrl(base(), kept[1]!.upload, kept[1]!.file), { headers: { Accept: 'application/json' } }),
    );
    for (const answer of [served, sent, ownRoute]) expectUnavailable(answer, UNAVAILABLE);
    expect(JSON.parse(ownRoute.body)).toEqual({ status: 503, message: expect.stringMatching(UNAVAILABLE) });
    // What needs no bytes still answers: the metadata is elsewhere.
    expect((await fetch(`${base()}/upload/${kept[0]!.upload.id}`)).status).toBe(200);
    const endedDuring = await during.held.finish();
    expect(endedDuring.status, endedDuring.body).toBe(503);
    // The download was cut with its source: the client has part of the file, to resume.
    const partial = await reading.finish();

    const orphaned = gate.openMultipartUploads().length;
    await gate.open();
    const endedAcross = await across.held.finish();
    const recoveryMs = await waitForRecovery(() => fetch(fileUrl(base(), kept[0]!.upload, kept[0]!.file)));
    tally(context, 'recoveries');
    context.annotate(
      `back ${recoveryMs} ms after S3; outage answers in ${Math.max(served.ms, sent.ms, ownRoute.ms)} ms at most; ${orphaned} multipart uploads to abort`,
    );
    const acrossSent = completedOrRefused(endedAcross, across);

    await expectResumed(base(), big, partial);
    await expectAllWhole(context, base(), [...kept, big, ...acrossSent]);
    await expectNoHalfFiles(context, base(), [during.upload.id, across.upload.id, kept[0]!.upload.id]);
    // The multipart uploads of the writes that failed are aborted once S3 answers again.
    const deadline = Date.now() + ABORTED_WITHIN_MS;
    while (gate.openMultipartUploads().length > 0 && Date.now() < deadline) await sleep(250);
    expect(gate.openMultipartUploads()).toEqual([]);
    // And the bucket holds the objects of whole files only.
    const whole = (await ferry.storedFiles()).filter((key) => key.startsWith('files/'));
    expect(whole).toHaveLength(kept.length + 1 + acrossSent.length);
  });
});
