// `npm run bench`: what Ferry's transfers and lookups cost in CPU (costs.ts; tus against multipart uploads:
// costs-resumable.ts), upload/download throughput and server RSS against the built Ferry, then Ferry against the
// machine's own limits (comparisons.ts), written to docs/BENCHMARKS.md (report.ts). Flags (after `--`):
//   --quick        a few minutes: no 5 GiB file, 3 cost runs of 256 MiB and of 2 s of GET /upload/:id
//   --runs N       cost runs of each job on each side (default 5; 3 with --quick)
//   --costs-only   the CPU table alone (with the machine line), for trying a change; docs/BENCHMARKS.md is not written
//   --dist DIR     measure the build in DIR instead of dist/ (with --costs-only: the "before" of a change)
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ComparisonRow } from './comparison.js';
import { COMPARISONS } from './comparisons.js';
import { describeMachine } from './machine.js';
import { measureCosts } from './costs.js';
import { measureResumableCosts } from './costs-resumable.js';
import { printCosts, printReport, writeBenchmarksDoc, type Report } from './report.js';
import { killNow, readRssSync, RssSampler, startFerry, useBuild, type FerryProcess } from './server.js';
import { createUpload, downloadFile, fileUrl, removeFile, uploadFile, type BenchFile, type DownloadResult } from './transfer.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Throughput and RSS are reported in decimal megabytes, the unit of the RSS budgets. */
const MB = 1_000_000;
const RSS_BUDGET = 100 * MB;
/** Free space needed for a size: the file itself plus headroom for SQLite, temp files and other tenants. */
const DISK_FACTOR = 2.5;
const CONCURRENT_DOWNLOADS = 200;
const CONCURRENT_FILE_SIZE = 10 * MB;

interface SizeRow {
  size: number;
  skipped?: string;
  error?: string;
  uploadMBps?: number;
  downloadMBps?: number;
  idleRss?: number;
  peakUploadRss?: number;
  peakDownloadRss?: number;
  steadyUploadRss?: number;
  steadyDownloadRss?: number;
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'costs-only': { type: 'boolean', default: false },
    dist: { type: 'string' },
  },
});
// 5 GiB shows that memory stays flat whatever the size; it is skipped, with a message, where the disk is too small.
const sizes = values.quick ? [1 * GiB] : [1 * GiB, 5 * GiB];
if (values.dist) useBuild(values.dist);
const runs = values.runs === undefined ? (values.quick ? 3 : 5) : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: a whole number of runs, at least 1`);
const costOptions = { runs, size: values.quick ? 256 * MiB : 1 * GiB, seconds: values.quick ? 2 : 5 };
const invocation = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

const machine = describeMachine();
console.log(`${machine.cpu}, ${machine.cores} cores, load ${machine.load.toFixed(1)}; ${machine.versions}`);
// First, on a server of their own: the figures that mean the most, before the big transfers fill the page cache.
const costChunk = randomBytes(MiB);
const costs = await measureCosts({ ...costOptions, chunk: costChunk });
// Resumable uploads of the size the issue asks for (1 GiB) whatever --quick says: 256 MiB would be five PATCHes.
const resumable = await measureResumableCosts({ chunk: costChunk, runs, size: sizes[0]! });
costs.push(...resumable.costs);
if (values['costs-only']) {
  printCosts(costs, runs);
  process.exit(costs.some((row) => row.note?.startsWith('FAILED')) ? 1 : 0);
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-bench-'));
let ferry: FerryProcess | undefined;
// Ctrl-C skips `finally`: kill the child and remove the data synchronously, or gigabytes would stay in /tmp.
process.once('SIGINT', () => {
  killNow(ferry);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(130);
});

let failed = costs.some((row) => row.note?.startsWith('FAILED'));
try {
  ferry = await startFerry(dataDir);
  console.log(`Ferry pid ${ferry.pid} on ${ferry.base.href}, data in ${dataDir}`);
  // Idle as a fresh server is: started, answered /health, nothing else.
  await sleep(1000);
  const startupRss = readRssSync(ferry.pid);
  // One random chunk, reused: random so that nothing on the path can compress or dedupe it.
  const chunk = randomBytes(MiB);

  const rows: SizeRow[] = [];
  for (const size of sizes) {
    const row = await benchSize(ferry, size, chunk);
    if (row.error) failed = true;
    rows.push(row);
  }
  // Its own try: a failure here must not hide the large-file table already measured.
  let concurrent: ConcurrentResult | undefined;
  try {
    if (ferry.exited()) throw new Error('not run: the server is gone');
    concurrent = await benchConcurrent(ferry, chunk);
    if (concurrent.errors.length > 0) failed = true;
  } catch (err) {
    failed = true;
    console.error(`concurrent downloads: FAILED: ${await describe(ferry, err)}`);
  }

  const comparisons = await runComparisons(ferry, chunk);
  if (comparisons.some((row) => row.note?.startsWith('FAILED'))) failed = true;

  printSizeTable(rows);
  if (concurrent) printConcurrent(concurrent);
  const report: Report = {
    machine,
    date: new Date(),
    invocation,
    runs,
    costs,
    rows: comparisons,
    memory: [
      { name: 'Idle RSS after start-up', mb: startupRss && startupRss / MB, budget: 60 },
      // One pair per size that ran: the same figures for 1 and 5 GiB show memory flat whatever the size.
      ...rows
        .filter((row) => !row.skipped)
        .flatMap((row) => [
          {
            name: `Steady RSS, ${fmtBytes(row.size)} upload / download`,
            mb: maxOf(row.steadyUploadRss, row.steadyDownloadRss),
            budget: 100,
          },
          { name: `Peak RSS, ${fmtBytes(row.size)} upload / download`, mb: maxOf(row.peakUploadRss, row.peakDownloadRss), budget: 100 },
        ]),
      { name: `Peak RSS, ${CONCURRENT_DOWNLOADS} concurrent downloads`, mb: concurrent && concurrent.peakRss / MB, budget: 100 },
      ...resumable.memory,
    ],
  };
  printReport(report);
  console.log(`\nWrote ${await writeBenchmarksDoc(report)}`);
} catch (err) {
  failed = true;
  console.error(`\nbench failed: ${(err as Error).message}`);
} finally {
  if (failed && ferry) {
    const reason = ferry.exited();
    if (reason) console.error(`Ferry ${reason}.`);
    const output = ferry.output().trim();
    if (output) console.error(`--- Ferry output (tail) ---\n${output}\n---`);
  }
  await ferry?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

/** Every comparison with the machine's limits; one that fails is a row that says so, not the end of the bench. */
async function runComparisons(ferry: FerryProcess, chunk: Buffer): Promise<ComparisonRow[]> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'ferry-bench-limits-'));
  const rows: ComparisonRow[] = [];
  try {
    for (const comparison of COMPARISONS) {
      if (ferry.exited()) throw new Error('the server is gone');
      console.log(`comparing: ${comparison.name}…`);
      try {
        rows.push(...(await comparison.run({ ferry, chunk, workDir, size: sizes[0]! })));
      } catch (err) {
        rows.push({ name: comparison.name, unit: '', note: `FAILED: ${await describe(ferry, err)}` });
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return rows;
}

/** The larger of two byte counts, in MB; undefined when neither was measured. */
function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  const known = [a, b].filter((n): n is number => n !== undefined && n > 0);
  return known.length > 0 ? Math.max(...known) / MB : undefined;
}

async function benchSize(ferry: FerryProcess, size: number, chunk: Buffer): Promise<SizeRow> {
  const row: SizeRow = { size };
  const free = await freeBytes(dataDir);
  if (free < DISK_FACTOR * size) {
    const gib = (n: number) => `${(n / GiB).toFixed(1)} GiB`;
    row.skipped = `needs ${gib(DISK_FACTOR * size)} free in ${tmpdir()}, ${gib(free)} available`;
    console.log(`${fmtBytes(size)}: skipped, ${row.skipped}`);
    return row;
  }
  const sampler = new RssSampler(ferry.pid);
  try {
    // A moment of quiet first, so that "idle" is not the tail of the previous transfer.
    await sleep(500);
    row.idleRss = readRssSync(ferry.pid);

    const upload = await createUpload(ferry.base);
    console.log(`${fmtBytes(size)}: uploading…`);
    sampler.start();
    let started = performance.now();
    let file: BenchFile;
    try {
      file = await uploadFile(ferry.base, upload, size, chunk);
    } finally {
      ({ peak: row.peakUploadRss, steady: row.steadyUploadRss } = sampler.stop());
    }
    row.uploadMBps = size / MB / ((performance.now() - started) / 1000);
    if (file.fileSize !== size || file.status !== 'uploaded') {
      throw new Error(`upload answered fileSize ${file.fileSize}, status ${file.status}; expected ${size}, uploaded`);
    }

    console.log(`${fmtBytes(size)}: downloading…`);
    sampler.start();
    started = performance.now();
    try {
      await downloadFile(fileUrl(ferry.base, upload, file), size, chunk);
    } finally {
      ({ peak: row.peakDownloadRss, steady: row.steadyDownloadRss } = sampler.stop());
    }
    row.downloadMBps = size / MB / ((performance.now() - started) / 1000);
    await removeFile(ferry.base, upload, file);
  } catch (err) {
    row.error = await describe(ferry, err);
    console.error(`${fmtBytes(size)}: FAILED: ${row.error}`);
  }
  return row;
}

interface ConcurrentResult {
  errors: string[];
  latencies: number[];
  bytes: number;
  wallMs: number;
  peakRss: number;
}

async function benchConcurrent(ferry: FerryProcess, chunk: Buffer): Promise<ConcurrentResult> {
  const result: ConcurrentResult = { errors: [], latencies: [], bytes: 0, wallMs: 0, peakRss: 0 };
  const upload = await createUpload(ferry.base);
  const file = await uploadFile(ferry.base, upload, CONCURRENT_FILE_SIZE, chunk);
  if (file.fileSize !== CONCURRENT_FILE_SIZE) throw new Error(`10 MB upload answered fileSize ${file.fileSize}`);
  const url = fileUrl(ferry.base, upload, file);
  // Unbounded sockets, or the agent would queue requests and the test would not be concurrent at all.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  console.log(`${CONCURRENT_DOWNLOADS} concurrent downloads of ${fmtBytes(CONCURRENT_FILE_SIZE)}…`);
  const sampler = new RssSampler(ferry.pid);
  sampler.start();
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: CONCURRENT_DOWNLOADS }, () => downloadFile(url, CONCURRENT_FILE_SIZE, chunk, agent)),
  );
  result.wallMs = performance.now() - started;
  result.peakRss = sampler.stop().peak;
  agent.destroy();
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') {
      const done: DownloadResult = outcome.value;
      result.latencies.push(done.ms);
      result.bytes += done.bytes;
    } else {
      result.errors.push(await describe(ferry, outcome.reason));
    }
  }
  await removeFile(ferry.base, upload, file).catch((err: Error) => result.errors.push(err.message));
  return result;
}

function printSizeTable(rows: SizeRow[]): void {
  const header = ['size', 'upload MB/s', 'download MB/s', 'idle RSS MB', 'RSS upload MB (steady/peak)', 'RSS download MB (steady/peak)'];
  const lines = rows.map((r) => ({
    cells: [
      fmtBytes(r.size),
      num(r.uploadMBps),
      num(r.downloadMBps),
      mb(r.idleRss),
      `${mb(r.steadyUploadRss)} / ${mb(r.peakUploadRss)}`,
      `${mb(r.steadyDownloadRss)} / ${mb(r.peakDownloadRss)}`,
    ],
    note: r.skipped ? `skipped: ${r.skipped}` : r.error ? `FAILED: ${r.error}` : undefined,
  }));
  console.log('\nLarge files (MB = 10^6 bytes; RSS = VmRSS of the server, sampled every 100 ms; steady = median)');
  printTable(header, lines);

  const peaks = rows.flatMap((r) => [r.peakUploadRss, r.peakDownloadRss]).filter((p): p is number => p !== undefined && p > 0);
  if (peaks.length === 0) {
    console.log('\nPeak RSS under 100 MB: not measured (no large-file transfer ran)');
  } else {
    const max = Math.max(...peaks);
    const verdict = max < RSS_BUDGET ? 'YES' : 'NO';
    const partial = rows.some((r) => r.error) ? '; incomplete, a transfer failed' : '';
    console.log(`\nPeak RSS during large-file transfers stayed under 100 MB: ${verdict} (max ${mb(max)} MB${partial})`);
  }
}

function printConcurrent(c: ConcurrentResult): void {
  const sorted = [...c.latencies].sort((a, b) => a - b);
  console.log(
    `\n${CONCURRENT_DOWNLOADS} concurrent downloads of one ${fmtBytes(CONCURRENT_FILE_SIZE)} file (keep-alive agent, unbounded sockets)`,
  );
  printTable(
    ['ok', 'errors', 'p50 ms', 'p99 ms', 'max ms', 'total MB/s', 'wall s', 'peak RSS MB'],
    [
      {
        cells: [
          String(sorted.length),
          String(c.errors.length),
          num(percentile(sorted, 50), 0),
          num(percentile(sorted, 99), 0),
          num(sorted.at(-1), 0),
          num(c.bytes / MB / (c.wallMs / 1000)),
          num(c.wallMs / 1000, 2),
          mb(c.peakRss),
        ],
      },
    ],
  );
  // Identical errors are grouped: 200 copies of one message would drown the table.
  const counts = new Map<string, number>();
  for (const e of c.errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  for (const [message, n] of counts) console.log(`  error ×${n}: ${message}`);
}

/** Right-aligned columns; a row's note (skipped, failed) follows it untruncated, outside the columns. */
function printTable(header: string[], rows: { cells: string[]; note?: string | undefined }[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(r.note ? `${line(r.cells)} | ${r.note}` : line(r.cells));
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  // bavail, not bfree: blocks reserved for root are not ours to fill.
  return stats.bavail * stats.bsize;
}

/** A failed transfer usually means the server died: say so next to the client-side error. */
async function describe(ferry: FerryProcess, err: unknown): Promise<string> {
  const message = err instanceof Error ? err.message : String(err);
  // The socket error can arrive before the child's exit event: give the latter a moment.
  if (!ferry.exited()) await sleep(200);
  const reason = ferry.exited();
  return reason ? `${message} (Ferry ${reason})` : message;
}

function num(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

function mb(bytes: number | undefined): string {
  return bytes === undefined || bytes === 0 ? '-' : (bytes / MB).toFixed(1);
}

function fmtBytes(n: number): string {
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n % MB === 0 && n < GiB) return `${n / MB} MB`;
  return n >= GiB ? `${(n / GiB).toFixed(1)} GiB` : `${(n / MB).toFixed(1)} MB`;
}
