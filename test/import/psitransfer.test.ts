// `ferry import-from psitransfer`, as a command against a serving Ferry's storage: a PsiTransfer data folder built
// as its store writes one (a folder per bucket, each file beside its <key>.json sidecar) comes in as uploads under
// the buckets' ids, served byte for byte with their retention, one-time downloads and passwords; a second run
// imports nothing more, and a sidecar that is not PsiTransfer's refuses the folder whole.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { argon2id } from 'hash-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '../../src/import/ids.js';
import type { ImportReport } from '../../src/import/report.js';
import { CLI_TESTS, runCli, storageFlags, tempHome } from '../helpers/ferry-cli.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

interface PsiFile {
  name: string;
  content: Buffer;
  key?: string;
}

/** A bucket as PsiTransfer's store leaves it: <sid>/<key> and <sid>/<key>.json with the tus upload's metadata. */
async function writeBucket(root: string, sid: string, files: PsiFile[], meta: Record<string, string>, partial = false) {
  await mkdir(path.join(root, sid), { recursive: true });
  for (const file of files) {
    file.key ??= randomUUID();
    const metadata = {
      name: file.name,
      type: 'application/octet-stream',
      comment: '',
      sid,
      key: file.key,
      uploadLength: String(file.content.length),
      ...meta,
    };
    await writeFile(path.join(root, sid, file.key), partial ? file.content.subarray(0, 3) : file.content);
    await writeFile(
      path.join(root, sid, `${file.key}.json`),
      JSON.stringify({
        uploadLength: file.content.length,
        metadata,
        ...(partial ? { isPartial: true } : { size: file.content.length, offset: file.content.length }),
      }),
    );
  }
}

let home: string;
let ferry: TestFerry;
let data: string;
const now = Date.now();
const week = { name: 'week.bin', content: randomBytes(70_000) };
const notes = { name: 'notes.txt', content: Buffer.from('one-time words') };
const secret = { name: 'secret.bin', content: randomBytes(2000) };
const legacy = { name: 'legacy.bin', content: randomBytes(100) };

const importFrom = (folder: string, ...args: string[]) =>
  runCli(['import-from', 'psitransfer', folder, ...args, ...storageFlags(ferry.storage)], home);
const fileUrl = (sid: string, file: PsiFile) =>
  `${ferry.url}/file/${sid}/${derivedId('psitransfer', 'file', `${sid}/${file.key}`)}/${file.name}`;
const unlock = (sid: string, password: string) =>
  fetch(`${ferry.url}/d?id=${sid}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }),
  });

beforeAll(async () => {
  home = await tempHome();
  ferry = await startTestFerry();
  data = path.join(home, 'psitransfer', 'data');
  await writeBucket(data, 'a1b2c3d4e5f6', [week], { retention: '604800', createdAt: String(now - 3600_000) });
  await writeBucket(data, 'b1b2c3d4e5f6', [notes], { retention: 'one-time', createdAt: String(now - 60_000) });
  const hash = await argon2id({
    password: 'psi secret',
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 3,
    memorySize: 8192,
    hashLength: 32,
    outputType: 'encoded',
  });
  await writeBucket(data, 'c1b2c3d4e5f6', [secret], { retention: '86400', createdAt: String(now - 60_000), password: hash });
  // Before PsiTransfer hashed them, passwords were kept as they were typed.
  await writeBucket(data, 'd1b2c3d4e5f6', [legacy], { retention: '86400', createdAt: String(now - 60_000), password: 'plain secret' });
  await writeBucket(data, 'e1b2c3d4e5f6', [{ name: 'old.txt', content: Buffer.from('old') }], {
    retention: '3600',
    createdAt: String(now - 7200_000),
  });
  await writeBucket(
    data,
    'f1b2c3d4e5f6',
    [{ name: 'half.bin', content: randomBytes(100) }],
    { retention: '3600', createdAt: String(now) },
    true,
  );
});
afterAll(async () => {
  await ferry?.close();
  await rm(home, { recursive: true, force: true });
});

describe('ferry import-from psitransfer', CLI_TESTS, () => {
  it('imports the buckets as uploads under their ids, skipping the expired and the unfinished', async () => {
    const run = await importFrom(data, '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ImportReport;
    expect(report.imported.uploads).toBe(4);
    expect(Object.fromEntries(report.skipped.map((s) => [s.sourceId.split('/')[0], s.reason]))).toEqual({
      e1b2c3d4e5f6: 'expired',
      f1b2c3d4e5f6: 'no whole file in it',
    });
    expect(report.bytes).toBe(70_000 + 14 + 2000 + 100);
  });

  it('serves each file byte for byte, a one-time one once, with its retention as the expiry', async () => {
    const response = await fetch(fileUrl('a1b2c3d4e5f6', week));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(week.content)).toBe(true);
    const upload = (await (await fetch(`${ferry.url}/upload/a1b2c3d4e5f6`)).json()) as { expireAt: string; oneShot: boolean };
    expect(Date.parse(upload.expireAt)).toBe(now - 3600_000 + 604_800_000);

    const once = await fetch(fileUrl('b1b2c3d4e5f6', notes));
    expect(await once.text()).toBe('one-time words');
    expect((await fetch(fileUrl('b1b2c3d4e5f6', notes))).status).toBe(404);
  });

  it('asks for the bucket password, argon2id-hashed or kept plain by an older PsiTransfer', async () => {
    for (const [sid, file, password] of [
      ['c1b2c3d4e5f6', secret, 'psi secret'],
      ['d1b2c3d4e5f6', legacy, 'plain secret'],
    ] as const) {
      expect((await fetch(fileUrl(sid, file))).status).toBe(401);
      expect((await unlock(sid, 'wrong')).status).toBe(401);
      const response = await unlock(sid, password);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(file.content)).toBe(true);
    }
  });

  it('imports nothing twice, and refuses a folder whose sidecar is not PsiTransfer’s', async () => {
    const again = await importFrom(data, '--json');
    expect((JSON.parse(again.stdout) as ImportReport).imported.uploads).toBe(0);
    const bad = path.join(home, 'bad');
    await writeBucket(bad, 'a9b2c3d4e5f6', [{ name: 'fine.txt', content: Buffer.from('fine') }], {
      retention: '3600',
      createdAt: String(now),
    });
    await mkdir(path.join(bad, 'b9b2c3d4e5f6'));
    await writeFile(path.join(bad, 'b9b2c3d4e5f6', 'broken.json'), '{"metadata": ');
    const run = await importFrom(bad);
    expect(run).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/broken\.json is not a PsiTransfer sidecar: .*; nothing was imported\n$/),
    });
    // Not even the bucket that read well is there.
    expect((await fetch(`${ferry.url}/upload/a9b2c3d4e5f6`)).status).toBe(404);
  });
});
