// Ferry against the machine's own limits, measured in the same run: each comparison gives one row of the table
// in docs/BENCHMARKS.md. Rows still to come (S3, encryption at rest) are listed at the end of COMPARISONS.
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { findNginx, startBareFastify, startBareUploadServer, startNginx, type Baseline } from './baselines.js';
import type { FerryProcess } from './server.js';
import { createUpload, downloadFile, fileUrl, generatedBytes, removeFile, uploadFile, type BenchUpload } from './transfer.js';

const MB = 1_000_000;
const GiB = 1024 ** 3;
/** Each side is measured this many times, alternating, and keeps its best: one slow run is noise, not Ferry. */
const TRIES = 3;
const ARCHIVE_FILES = 1000;
const ARCHIVE_FILE_SIZE = 16 * 1024;

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
  run(context: BenchContext): Promise<ComparisonRow>;
}

export const ratio = (row: ComparisonRow) => (row.ferry !== undefined && row.baseline ? row.ferry / row.baseline : undefined);

const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);

async function best(tries: number, measure: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let i = 0; i < tries; i++) top = Math.max(top, await measure());
  return top;
}

async function withBaseline<T>(start: () => Promise<Baseline>, use: (baseline: Baseline) => Promise<T>): Promise<T> {
  const baseline = await start();
  try {
    return await use(baseline);
  } finally {
    await baseline.stop();
  }
}

const execFileAsync = promisify(execFile);
const CURL = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p));

/**
 * MB/s of one download. curl when the machine has it: the bench's own client checks every byte in JavaScript and
 * tops out near 200 MB/s on a small machine, which would hide the servers' difference. Without curl, that client.
 */
async function fetchSpeed(url: URL, size: number, chunk: Buffer): Promise<number> {
  if (!CURL) return mbps(size, (await downloadFile(url, size, chunk)).ms);
  const { stdout } = await execFileAsync(CURL, ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', url.href]);
  const [status, bytes, seconds] = stdout.trim().split(' ').map(Number);
  if (status !== 200 || bytes !== size) throw new Error(`GET ${url.pathname} answered ${status} with ${bytes} of ${size} bytes`);
  return mbps(size, seconds! * 1000);
}

const download: Comparison = {
  name: 'download',
  async run({ ferry, chunk, workDir, size }) {
    const row: ComparisonRow = { name: `Download ${size / GiB} GiB (${CURL ? 'curl' : 'bench client'})`, unit: 'MB/s', baselineName: 'nginx, sendfile on', targetRatio: 0.8 };
    const upload = await createUpload(ferry.base);
    const file = await uploadFile(ferry.base, upload, size, chunk);
    try {
      const nginx = findNginx();
      const measureFerry = () => fetchSpeed(fileUrl(ferry.base, upload, file), size, chunk);
      if (!nginx.binary) {
        row.ferry = await best(TRIES, measureFerry);
        row.note = `nginx not compared: ${nginx.missing}`;
        return row;
      }
      // The same bytes on the same disk, for nginx to serve.
      const root = path.join(workDir, 'www');
      await mkdir(root, { recursive: true });
      // nginx's workers drop root for an unprivileged user, who must be able to reach the file.
      await chmod(workDir, 0o755);
      await pipeline(generatedBytes(size, chunk), createWriteStream(path.join(root, 'bench.bin')));
      await withBaseline(
        () => startNginx(nginx.binary!, path.join(workDir, 'nginx'), root),
        async ({ base }) => {
          let ferryBest = 0;
          let nginxBest = 0;
          for (let i = 0; i < TRIES; i++) {
            ferryBest = Math.max(ferryBest, await measureFerry());
            nginxBest = Math.max(nginxBest, await fetchSpeed(new URL('bench.bin', base), size, chunk));
          }
          row.ferry = ferryBest;
          row.baseline = nginxBest;
        },
      );
      await rm(root, { recursive: true, force: true });
      return row;
    } finally {
      await removeFile(ferry.base, upload, file);
    }
  },
};

const upload: Comparison = {
  name: 'upload',
  async run({ ferry, chunk, workDir, size }) {
    const row: ComparisonRow = { name: `Upload ${size / GiB} GiB`, unit: 'MB/s', baselineName: 'bare node:http piping to disk + fsync', targetRatio: 0.9 };
    const dir = path.join(workDir, 'bare-upload');
    await mkdir(dir, { recursive: true });
    await withBaseline(
      () => startBareUploadServer(dir),
      async ({ base }) => {
        const bare: BenchUpload = { id: 'bare', uploadToken: '' };
        let ferryBest = 0;
        let bareBest = 0;
        for (let i = 0; i < TRIES; i++) {
          const target = await createUpload(ferry.base);
          let started = performance.now();
          const file = await uploadFile(ferry.base, target, size, chunk);
          ferryBest = Math.max(ferryBest, mbps(size, performance.now() - started));
          await removeFile(ferry.base, target, file);
          started = performance.now();
          await uploadFile(base, bare, size, chunk);
          bareBest = Math.max(bareBest, mbps(size, performance.now() - started));
          await rm(dir, { recursive: true, force: true });
          await mkdir(dir, { recursive: true });
        }
        row.ferry = ferryBest;
        row.baseline = bareBest;
      },
    );
    return row;
  },
};

const metadata: Comparison = {
  name: 'metadata',
  async run({ ferry, chunk, workDir }) {
    const row: ComparisonRow = { name: 'GET /upload/:id (1 file)', unit: 'req/s', baselineName: 'bare Fastify route, same JSON' };
    const target = await createUpload(ferry.base);
    const file = await uploadFile(ferry.base, target, 1000, chunk);
    const url = new URL(`upload/${target.id}`, ferry.base);
    const sample = path.join(workDir, 'upload.json');
    await writeFile(sample, await (await fetch(url)).text());
    const load = async (href: string) => {
      const result = await autocannon({ url: href, connections: 32, duration: 8 });
      if (result.errors > 0 || result.non2xx > 0) throw new Error(`${href}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
      return result.requests.average;
    };
    row.ferry = await load(url.href);
    row.baseline = await withBaseline(() => startBareFastify(sample), ({ base }) => load(new URL(`upload/${target.id}`, base).href));
    await removeFile(ferry.base, target, file);
    return row;
  },
};

const archive: Comparison = {
  name: 'archive',
  async run({ ferry, chunk }) {
    const row: ComparisonRow = { name: `Zip of ${ARCHIVE_FILES} files of ${ARCHIVE_FILE_SIZE / 1024} KiB (GET /archive)`, unit: 'files/s' };
    const target = await createUpload(ferry.base);
    // Each file a different slice of the random chunk: nothing is deduplicated away.
    const pending = Array.from({ length: ARCHIVE_FILES }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = pending.shift(); i !== undefined; i = pending.shift()) {
          const slice = chunk.subarray(i * 997 % (chunk.length - ARCHIVE_FILE_SIZE));
          await uploadFile(ferry.base, target, ARCHIVE_FILE_SIZE, slice.subarray(0, ARCHIVE_FILE_SIZE), `f${i}.bin`);
        }
      }),
    );
    const started = performance.now();
    const response = await fetch(new URL(`archive/${target.id}/all.zip`, ferry.base));
    if (response.status !== 200) throw new Error(`GET /archive answered ${response.status}`);
    let bytes = 0;
    for await (const part of response.body!) bytes += (part as Uint8Array).length;
    const ms = performance.now() - started;
    row.ferry = ARCHIVE_FILES / (ms / 1000);
    row.note = `${(bytes / MB).toFixed(1)} MB of zip in ${(ms / 1000).toFixed(2)} s (${mbps(bytes, ms).toFixed(1)} MB/s)`;
    await fetch(new URL(`upload/${target.id}`, ferry.base), { method: 'DELETE', headers: { 'X-UploadToken': target.uploadToken } });
    return row;
  },
};

/** A row whose bench is still to be written; replace the entry with a Comparison when it is. */
const pending = (name: string, who: string): Comparison => ({
  name,
  run: async () => ({ name, unit: '', note: `not measured yet (${who})` }),
});

/**
 * Every comparison, in table order. To add a row (e.g. S3 or encryption at rest): write a Comparison that
 * measures Ferry and, where there is one, the machine's own limit for the same job, and put it here.
 */
export const COMPARISONS: Comparison[] = [
  download,
  upload,
  metadata,
  archive,
  pending('Upload/download 1 GiB to S3 (DataBackend = "s3") vs the S3 server directly', 'S3 data store'),
  pending('Download 1 GiB encrypted at rest (server key) vs plain', 'encryption at rest'),
];
