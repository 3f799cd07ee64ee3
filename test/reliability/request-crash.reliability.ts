// A kill -9 of Ferry mid-file to a file request with maxFiles and maxTotalSize: what the file held of the request's
// counters (its file, its bytes reserved) is recorded in a reservation row, which the restart gives back (on
// SQLite, a single instance: nothing is in flight at its start; on a shared database the sweep gives it back once it
// expires, see test/metadata/store-contract/file-requests.ts). The request then takes the file again, to the byte.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryProcess } from '../../bench/server.js';
import { generatedBytes } from '../../bench/transfer.js';
import { loadConfig } from '../../src/config/load.js';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import { startFerry as startInProcess } from '../../src/server.js';
import { tally } from './tally.js';

const MiB = 1024 * 1024;
const MAX_TOTAL = 8 * MiB;

let dataDir: string;
let ferry: FerryProcess;
let token: string;
const base = () => ferry.base.href.replace(/\/$/, '');
const start = () =>
  startFerry(dataDir, { fromSource: true, readyWithinMs: 60_000, options: { FeatureAuthentication: 'enabled', CleanupInterval: '3600' } });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-request-crash-'));
  // The requester and their token, made in the database the child process then opens.
  const { config } = loadConfig({ flags: { DataDir: dataDir, ListenAddress: '127.0.0.1', ListenPort: 0, LogLevel: 'silent' } });
  const setup = await startInProcess(config);
  const user = await setup.services.users.create({ provider: 'local', login: 'rita', password: 'rita-password' });
  token = (await setup.services.tokens.create(user)).value;
  await setup.close();
  ferry = await start();
}, 180_000);
afterAll(async () => {
  await ferry?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface RequestJson {
  id: string;
  url: string;
  received?: Array<{ files: Array<{ name: string; size: number }> }>;
}

const shown = async (id: string) =>
  (await (await fetch(`${base()}/me/requests/${id}`, { headers: { 'X-PlikToken': token } })).json()) as RequestJson;

async function send(request: RequestJson, name: string, content: Uint8Array<ArrayBuffer>): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const answer = await fetch(`${base()}/r/${request.id}`, { method: 'POST', body: form });
  await answer.arrayBuffer();
  return answer.status;
}

/** What the request's row counts, read from the database of the stopped server. */
async function counters(id: string): Promise<unknown[]> {
  const db = await openEmbeddedSqlite(path.join(dataDir, 'ferry.db'), { readOnly: true });
  try {
    return [
      db.prepare('select files_taken, bytes_taken from file_requests where id = ?').all([id]),
      db.prepare('select count(*) as n from request_reservations').all([]),
    ];
  } finally {
    db.close();
  }
}

/** Sends the head of a file bigger than the request takes and some of its bytes, and leaves it hanging. */
async function hangingFile(request: RequestJson): Promise<http.ClientRequest> {
  const head = `--cut\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
  const size = 64 * MiB;
  const sent = http.request(`${base()}/r/${request.id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'multipart/form-data; boundary=cut', 'Content-Length': head.length + size + 8 },
  });
  sent.on('error', () => undefined); // the server is about to die under it
  sent.write(head);
  // Less than the total: the server reserves a step ahead of what came, and waits for more.
  const some = generatedBytes(4 * MiB, randomBytes(MiB));
  for await (const chunk of some) sent.write(chunk);
  return sent;
}

describe('kill -9 mid-file to a file request', () => {
  it('gives back the file and the bytes it held at the restart: the request takes the file again, its counters exact', async (context) => {
    const answer = await fetch(`${base()}/me/requests`, {
      method: 'POST',
      headers: { 'X-PlikToken': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'crash', maxFiles: 2, maxTotalSize: MAX_TOTAL }),
    });
    const request = (await answer.json()) as RequestJson;
    expect(await send(request, 'first.bin', new Uint8Array(MiB))).toBe(200);
    const hanging = await hangingFile(request);
    // The file holds its place (its reservation row is there): the request's second and last file is taken.
    await expect.poll(async () => (await counters(request.id))[1], { timeout: 20_000 }).toEqual([{ n: 1 }]);
    expect(await send(request, 'meanwhile.bin', new Uint8Array(1))).toBe(400);

    await ferry.kill();
    hanging.destroy();
    const [[held], [reservations]] = (await counters(request.id)) as [[{ files_taken: number; bytes_taken: number }], [{ n: number }]];
    expect(held!.files_taken).toBe(2);
    expect(held!.bytes_taken).toBeGreaterThan(MiB);
    expect(reservations).toEqual({ n: 1 });

    ferry = await start();
    // The rest of the total, to the byte, and the second file: taken again now.
    expect(await send(request, 'second.bin', new Uint8Array(MAX_TOTAL - MiB))).toBe(200);
    expect(await send(request, 'third.bin', new Uint8Array(1))).toBe(400);
    const mine = await shown(request.id);
    expect(mine.received!.flatMap((s) => s.files).map((f) => [f.name, f.size])).toEqual([
      ['first.bin', MiB],
      ['second.bin', MAX_TOTAL - MiB],
    ]);
    await ferry.stop();
    expect(await counters(request.id)).toEqual([[{ files_taken: 2, bytes_taken: MAX_TOTAL }], [{ n: 0 }]]);
    ferry = await start();
    tally(context, 'crashes');
  }, 300_000);
});
