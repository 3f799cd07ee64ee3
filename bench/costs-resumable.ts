// A file uploaded through tus (Ferry's resumable uploads, in PATCHes of the size Ferry's page and CLI send) against
// the same file in one multipart request, on the same server, alternating: the server's CPU per GiB, MB/s and peak
// RSS of each, on the file store and on S3. The goal: the resumable path within 10% of the one-request path.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startS3Server } from './baselines.js';
import { GiB, MB, withBaseline, withFerry } from './comparison.js';
import { ferryS3Config } from './comparisons-s3.js';
import type { CostRow, Measured } from './costs.js';
import { costOf, spreadOf, type Cost } from './cpu.js';
import type { MemoryRow } from './report.js';
import { RssSampler, type FerryProcess } from './server.js';
import { createUpload, removeFile, tusUploadFile, uploadFile, type BenchFile, type BenchUpload } from './transfer.js';

/** Ferry's default TusChunkSize, which /config announces and its page and CLI send. */
const PIECE_SIZE = 50 * 1024 * 1024;
/** The RSS budget of the other transfers (docs/BENCHMARKS.md's memory rows), in MB. */
const RSS_BUDGET_MB = 100;

export interface ResumableCosts {
  costs: CostRow[];
  memory: MemoryRow[];
}

interface Run {
  cost: Cost;
  peakRss: number;
}

/** One upload of `size` bytes: its cost to the server, the server's peak RSS meanwhile, and the file. */
async function measuredUpload(ferry: FerryProcess, send: () => Promise<BenchFile>, size: number): Promise<Run & { file: BenchFile }> {
  const sampler = new RssSampler(ferry.pid);
  sampler.start();
  let file: BenchFile | undefined;
  let cost: Cost;
  let peakRss: number;
  try {
    cost = await costOf(ferry.pid, async () => (file = await send()));
  } finally {
    peakRss = sampler.stop().peak;
  }
  if (file!.fileSize !== size || file!.status !== 'uploaded') {
    throw new Error(`the upload answered fileSize ${file!.fileSize}, status ${file!.status}; expected ${size}, uploaded`);
  }
  return { cost, peakRss, file: file! };
}

export async function measureResumableCosts({ chunk, runs, size }: { chunk: Buffer; runs: number; size: number }): Promise<ResumableCosts> {
  const root = await mkdtemp(path.join(tmpdir(), 'ferry-bench-tus-'));
  const result: ResumableCosts = { costs: [], memory: [] };
  const stores: { name: string; on: (use: (ferry: FerryProcess) => Promise<void>) => Promise<void> }[] = [
    { name: 'file store, disk', on: (use) => withFerry(path.join(root, 'file'), {}, use) },
    {
      name: 'S3 (fauxqs)',
      on: (use) =>
        withBaseline(startS3Server, ({ base }) =>
          withFerry(path.join(root, 's3'), { DataBackend: 's3', DataBackendConfig: JSON.stringify(ferryS3Config(base)) }, use),
        ),
    },
  ];
  const sizeName = `${size / GiB} GiB`;
  try {
    for (const store of stores) {
      console.log(`resumable uploads, ${store.name}: ${runs} runs…`);
      const row: CostRow = {
        name: `Upload ${sizeName} through tus, PATCHes of ${PIECE_SIZE / 1024 ** 2} MiB, ${store.name}`,
        per: 'GiB',
        rateUnit: 'MB/s',
        baselineName: 'the same server, one multipart POST',
        maxCpuRatio: 1.1,
        minRateRatio: 0.9,
      };
      result.costs.push(row);
      try {
        await store.on(async (ferry) => {
          const tus: Run[] = [];
          const multipart: Run[] = [];
          const senders: [Run[], (upload: BenchUpload) => Promise<BenchFile>][] = [
            [multipart, (upload) => uploadFile(ferry.base, upload, size, chunk)],
            [tus, (upload) => tusUploadFile(ferry.base, upload, size, chunk, PIECE_SIZE)],
          ];
          for (let i = 0; i < runs; i++) {
            // Alternating, each file removed before the next: the two paths see the same machine and the same disk.
            for (const [runsOf, send] of senders) {
              const upload = await createUpload(ferry.base);
              const { file, ...run } = await measuredUpload(ferry, () => send(upload), size);
              runsOf.push(run);
              await removeFile(ferry.base, upload, file);
            }
          }
          const summary = (of: Run[]): Measured => ({
            cpu: spreadOf(of.map((run) => run.cost.cpu / (size / GiB))),
            rate: spreadOf(of.map((run) => size / MB / (run.cost.ms / 1000))),
          });
          row.ferry = summary(tus);
          row.baseline = summary(multipart);
          const peak = (of: Run[]) => spreadOf(of.map((run) => run.peakRss / MB));
          const [tusPeak, multipartPeak] = [peak(tus), peak(multipart)];
          const fmt = ({ median, min, max }: ReturnType<typeof spreadOf>) => `${median.toFixed(0)} (${min.toFixed(0)}–${max.toFixed(0)})`;
          row.note = `peak RSS MB: tus ${fmt(tusPeak)}, multipart ${fmt(multipartPeak)}`;
          result.memory.push({ name: `Peak RSS, ${sizeName} tus upload, ${store.name}`, mb: tusPeak.max, budget: RSS_BUDGET_MB });
        });
      } catch (err) {
        row.note = `FAILED: ${(err as Error).message}`;
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return result;
}
