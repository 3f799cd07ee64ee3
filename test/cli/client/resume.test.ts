// `ferry upload` through tus against a real Ferry, behind a proxy that counts (and paces) what reaches Ferry:
// interrupted midway, the same command goes on from Ferry's offset; --no-resume starts over; with tus off, multipart.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, finished, runCli, spawnCli, tempHome } from '../../helpers/ferry-cli.js';
import { startTusProxy, type TusProxy } from '../../helpers/tus-proxy.js';

const MB = 1024 * 1024;
const SIZE = 12 * MB;

let ferry: TestFerry;
let proxy: TusProxy;
let file: string;
let bytes: Buffer;

beforeAll(async () => {
  // Chunks of 1 MiB: each PATCH that ends is durable, so that an interruption loses the one under way at most.
  ferry = await startTestFerry({ TusChunkSize: MB });
  proxy = await startTusProxy(ferry.url);
  file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ferry-cli-resume-')), 'big.bin');
  bytes = randomBytes(SIZE);
  await writeFile(file, bytes);
});
afterAll(async () => {
  await proxy?.close();
  await ferry?.close();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
const uploadIdOf = (url: string) => new URL(url).pathname.split('/')[2]!;

/** Starts `ferry upload` of the big file through the slowed proxy and stops it with `signal` once a few MiB are in. */
async function interrupted(home: string, signal: NodeJS.Signals) {
  proxy.reset();
  proxy.pace = 4 * MB;
  const child = spawnCli(['upload', '--server', proxy.url, file], home);
  const done = finished(child);
  await expect.poll(() => proxy.bytes('PATCH'), { timeout: 20_000 }).toBeGreaterThan(3 * MB);
  child.kill(signal);
  const result = await done;
  proxy.pace = 0;
  return result;
}

/** What ~/.ferry/resume holds. */
const resumeStates = (home: string) => readdir(path.join(home, '.ferry/resume')).catch(() => [] as string[]);

describe('ferry upload through tus', CLI_TESTS, () => {
  it('goes on from the server’s offset when the same command runs again after Ctrl-C', async () => {
    const home = await tempHome();
    const stopped = await interrupted(home, 'SIGINT');
    expect(stopped.code).toBe(130);
    const id = /upload (\w+) kept/.exec(stopped.stderr)?.[1];
    expect(stopped.stderr).toBe(`ferry: interrupted: upload ${id} kept: the same command goes on with it (--no-resume starts over)\n`);
    // The state and the record holding the token are their owner's only.
    const [state] = await resumeStates(home);
    expect(((await stat(path.join(home, '.ferry/resume', state!))).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(path.join(home, '.ferry/uploads', `${id}.json`))).mode & 0o777).toString(8)).toBe('600');
    const before = (await (await fetch(`${ferry.url}/upload/${id}`)).json()).files[0];
    expect(before).toMatchObject({ status: 'uploading' });
    expect(before.uploadOffset).toBeGreaterThan(0);

    proxy.reset();
    const again = await runCli(['upload', '--server', proxy.url, file], home);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`ferry: going on with upload ${id}, interrupted before\n`);
    const url = again.stdout.trim();
    expect(uploadIdOf(url)).toBe(id);
    // Only the rest went, from the offset Ferry had (it may have made a few more bytes durable since), and no new
    // file was created.
    expect(proxy.bytes('PATCH')).toBeLessThanOrEqual(SIZE - before.uploadOffset);
    expect(proxy.requests.filter((request) => request.startsWith('POST'))).toEqual([]);
    expect(sha256(await download(url.replace(proxy.url, ferry.url)))).toBe(sha256(bytes));
    expect(await resumeStates(home)).toEqual([]);
  });

  it('goes on by itself from the server’s offset when the connection drops midway', async () => {
    proxy.reset();
    proxy.cutPatch = { from: 4 * MB, after: 512 * 1024 };
    const result = await runCli(['upload', '--server', proxy.url, file], await tempHome());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // The cut PATCH went again from where Ferry stood, not from the start: what it had not kept, nothing more.
    const offsets = proxy.patchOffsets;
    expect(offsets.filter((offset) => offset === 0)).toHaveLength(1);
    // One PATCH a MiB, and one more: the cut one, taken up again at 4 MiB or where Ferry kept its bytes up to.
    expect(offsets).toHaveLength(SIZE / MB + 1);
    expect(offsets.filter((offset) => offset >= 4 * MB && offset <= 4.5 * MB)).toHaveLength(2);
    expect(proxy.bytes('PATCH')).toBeLessThanOrEqual(SIZE + 512 * 1024);
    expect(sha256(await download(result.stdout.trim().replace(proxy.url, ferry.url)))).toBe(sha256(bytes));
  });

  it('goes on after the process is killed outright, and starts over with --no-resume', async () => {
    const home = await tempHome();
    await interrupted(home, 'SIGKILL');
    const [state] = await resumeStates(home);
    expect(state).toBeDefined();

    proxy.reset();
    const over = await runCli(['upload', '--server', proxy.url, '--no-resume', file], home);
    expect(over.code).toBe(0);
    expect(over.stderr).toBe('');
    // All the bytes again, to a new upload; the half-sent one is gone.
    expect(proxy.bytes('PATCH')).toBe(SIZE);
    const records = (await readdir(path.join(home, '.ferry/uploads'))).filter((name) => name.endsWith('.json'));
    expect(records).toEqual([`${uploadIdOf(over.stdout.trim())}.json`]);
    expect(sha256(await download(over.stdout.trim().replace(proxy.url, ferry.url)))).toBe(sha256(bytes));
    expect(await resumeStates(home)).toEqual([]);
  });

  it('sends each file in one multipart request to a server with tus off, as to a Plik server', async () => {
    const plain = await startTestFerry({ TusEnabled: false });
    const behind = await startTusProxy(plain.url);
    try {
      const home = await tempHome();
      const result = await runCli(['upload', '--server', behind.url, file], home);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(behind.requests.filter((request) => /^(PATCH|POST \/tus)/.test(request))).toEqual([]);
      expect(behind.requests.filter((request) => request.startsWith('POST /file/'))).toHaveLength(1);
      expect(sha256(await download(result.stdout.trim().replace(behind.url, plain.url)))).toBe(sha256(bytes));
      expect(await resumeStates(home)).toEqual([]);
    } finally {
      await behind.close();
      await plain.close();
    }
  });
});
