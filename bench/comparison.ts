// What a comparison of Ferry with the machine's limits is, and the measuring tools its rows share
// (comparisons.ts lists them all; comparisons-*.ts hold the ones that need servers of their own).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { rm } from 'node:fs/promises';
import type { Baseline } from './baselines.js';
import { startFerry, type FerryProcess } from './server.js';
import { createUpload, downloadFile, FILE_NAME, fileUrl, removeFile, uploadFile, type BenchFile, type BenchUpload } from './transfer.js';

export const MB = 1_000_000;
export const GiB = 1024 ** 3;
/** Each side is measured this many times, alternating, and keeps its best: one slow run is noise, not Ferry. */
export const TRIES = 3;

export interface ComparisonRow {
  name: string;
  unit: string;
  ferry?: number;
  baseline?: number;
  baselineName?: string;
  /** The least ratio Ferry / baseline that meets the goal, when there is one. */
  targetRatio?: number;
  /** Why the row has no numbers, or what went wrong. */
  note?: string;
}

export interface BenchContext {
  ferry: FerryProcess;
  chunk: Buffer;
  /** A scratch folder of the bench's own, removed at the end. */
  workDir: string;
  size: number;
}

export interface Comparison {
  name: string;
  /** One row per measure; a comparison that starts servers of its own may measure several jobs with them. */
  run(context: BenchContext): Promise<ComparisonRow[]>;
}

export const ratio = (row: ComparisonRow) => (row.ferry !== undefined && row.baseline ? row.ferry / row.baseline : undefined);

export const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);

/** MB/s of `transfer`, timed from the call to its end. */
export async function timedMbps(bytes: number, transfer: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await transfer();
  return mbps(bytes, performance.now() - started);
}

export async function best(tries: number, measure: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let i = 0; i < tries; i++) top = Math.max(top, await measure());
  return top;
}

export async function withBaseline<T>(start: () => Promise<Baseline>, use: (baseline: Baseline) => Promise<T>): Promise<T> {
  const baseline = await start();
  try {
    return await use(baseline);
  } finally {
    await baseline.stop();
  }
}

/**
 * A second Ferry, configured with `options`, for as long as `use` runs; its data folder goes with it. When `use`
 * fails and this Ferry is gone, the error says so with its last output (the bench only reports on the main one).
 */
export async function withFerry<T>(dataDir: string, options: Record<string, string>, use: (ferry: FerryProcess) => Promise<T>): Promise<T> {
  const ferry = await startFerry(dataDir, { options });
  try {
    return await use(ferry);
  } catch (err) {
    const reason = ferry.exited();
    if (!reason) throw err;
    throw new Error(`${(err as Error).message} (the ${dataDir} Ferry ${reason}: ${ferry.output().trim().slice(-2000)})`, { cause: err });
  } finally {
    await ferry.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** MB/s of one file stored and then read back. */
export interface RoundTrip {
  up: number;
  down: number;
}

/** One file through Ferry: MB/s up (the bench client's multipart POST), then MB/s down as `download` measures it. */
export async function ferryRoundTrip(
  ferry: FerryProcess,
  size: number,
  chunk: Buffer,
  download: (url: URL) => Promise<number>,
): Promise<RoundTrip> {
  const upload = await createUpload(ferry.base);
  const started = performance.now();
  const file = await uploadFile(ferry.base, upload, size, chunk);
  const up = mbps(size, performance.now() - started);
  try {
    return { up, down: await download(fileUrl(ferry.base, upload, file)) };
  } finally {
    await removeFile(ferry.base, upload, file);
  }
}

/** Round trips of Ferry and of the baseline, TRIES of each, alternating; each row gets the best of its direction. */
export async function compareRoundTrips(
  ferry: () => Promise<RoundTrip>,
  baseline: () => Promise<RoundTrip>,
  rows: Record<keyof RoundTrip, ComparisonRow>,
): Promise<void> {
  const ferryRuns: RoundTrip[] = [];
  const baselineRuns: RoundTrip[] = [];
  for (let i = 0; i < TRIES; i++) {
    ferryRuns.push(await ferry());
    baselineRuns.push(await baseline());
  }
  for (const way of ['up', 'down'] as const) {
    rows[way].ferry = Math.max(...ferryRuns.map((run) => run[way]));
    rows[way].baseline = Math.max(...baselineRuns.map((run) => run[way]));
  }
}

const execFileAsync = promisify(execFile);
const CURL = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p));
/** Which client fetchSpeed() downloads and uploadSpeed() uploads with, for row names. */
export const FETCH_CLIENT = CURL ? 'curl' : 'bench client';

/**
 * MB/s of one download. curl when the machine has it: the bench's own client checks every byte in JavaScript and
 * tops out near 200 MB/s on a small machine, which would hide the servers' difference. Without curl, that client.
 */
export async function fetchSpeed(url: URL, size: number, chunk: Buffer): Promise<number> {
  if (!CURL) return mbps(size, (await downloadFile(url, size, chunk)).ms);
  const { stdout } = await execFileAsync(CURL, ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', url.href]);
  const [status, bytes, seconds] = stdout.trim().split(' ').map(Number);
  if (status !== 200 || bytes !== size) throw new Error(`GET ${url.pathname} answered ${status} with ${bytes} of ${size} bytes`);
  return mbps(size, seconds! * 1000);
}

/** The bench's bytes in a file, for curl to send: `size` bytes of the repeated chunk, as the generated uploads. */
export interface SourceFile {
  path: string;
  size: number;
  chunk: Buffer;
}

/**
 * MB/s of one multipart upload of `source` to `base`/file/:id, and the answer. curl when the machine has it, for the
 * reason fetchSpeed uses it: the bench's own client makes its bytes in JavaScript and sends them slower than the
 * servers here take them. Without curl, that client.
 */
export async function uploadSpeed(base: URL, upload: BenchUpload, source: SourceFile): Promise<{ mbps: number; file: BenchFile }> {
  if (!CURL) {
    const started = performance.now();
    const file = await uploadFile(base, upload, source.size, source.chunk);
    return { mbps: mbps(source.size, performance.now() - started), file };
  }
  const url = new URL(`file/${upload.id}`, base);
  const { stdout } = await execFileAsync(
    CURL,
    [
      '-s',
      '-S',
      '-w',
      '\n%{http_code} %{time_total}',
      '-H',
      `X-UploadToken: ${upload.uploadToken}`,
      '-F',
      `file=@${source.path};filename=${FILE_NAME};type=application/octet-stream`,
      url.href,
    ],
    { maxBuffer: 1024 * 1024 },
  );
  const lines = stdout.trimEnd().split('\n');
  const [status, seconds] = lines.pop()!.split(' ').map(Number);
  const body = lines.join('\n');
  if (status !== 200) throw new Error(`POST ${url.pathname} answered ${status}: ${body.trim().slice(0, 200)}`);
  return { mbps: mbps(source.size, seconds! * 1000), file: JSON.parse(body) as BenchFile };
}
