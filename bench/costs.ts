// What Ferry's work costs the machine, measured the way that varies least on a shared one: the CPU seconds the server
// process spends per GiB uploaded and downloaded and per 1000 GET /upload/:id, with its data on tmpfs and on the disk,
// as the median and range of several runs, each alternating with a bare server doing the same job (the reference).
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { startBareDownloadServer, startBareFastify, startBareUploadServer } from './baselines.js';
import { fetchSpeed, GiB, MB, uploadSpeed, withBaseline, withFerry, type SourceFile } from './comparison.js';
import { costOf, spreadOf, type Cost, type Spread } from './cpu.js';
import { createUpload, fileUrl, generatedBytes, removeFile, uploadFile, type BenchUpload } from './transfer.js';

/** Ferry's or the reference's runs of one job: CPU per unit of work, and the rate the job ran at. */
export interface Measured {
  cpu: Spread;
  rate: Spread;
}

export interface CostRow {
  name: string;
  /** What `cpu` is per: "GiB" or "1000 req". */
  per: string;
  /** What `rate` is in: "MB/s" or "req/s". */
  rateUnit: string;
  ferry?: Measured;
  baseline?: Measured;
  baselineName?: string;
  /** The goal on CPU: Ferry's median at most this multiple of the reference's. */
  maxCpuRatio?: number;
  /** The goal on rate: Ferry's median at least this, or at least `minRateRatio` of the reference's. */
  minRate?: number;
  minRateRatio?: number;
  note?: string;
}

export interface CostOptions {
  chunk: Buffer;
  /** Runs of each job on each side. */
  runs: number;
  /** The size of the file uploaded and downloaded. */
  size: number;
  /** Seconds of GET /upload/:id load in each metadata run. */
  seconds: number;
}

/** Where the data goes: tmpfs takes the disk out of the picture, the disk is where a server keeps it. */
function locations(): { name: string; dir: string }[] {
  const disk = { name: 'disk', dir: tmpdir() };
  return existsSync('/dev/shm') ? [{ name: 'tmpfs', dir: '/dev/shm' }, disk] : [disk];
}

const METADATA_CONNECTIONS = 32;

export async function measureCosts(options: CostOptions): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for (const location of locations()) {
    console.log(`costs, data on ${location.name} (${location.dir}): ${options.runs} runs…`);
    try {
      rows.push(...(await measureAt(location, options)));
    } catch (err) {
      rows.push({ name: `Costs, data on ${location.name}`, per: '', rateUnit: '', note: `FAILED: ${(err as Error).message}` });
    }
  }
  return rows;
}

async function measureAt(location: { name: string; dir: string }, { chunk, runs, size, seconds }: CostOptions): Promise<CostRow[]> {
  const root = await mkdtemp(path.join(location.dir, 'ferry-bench-costs-'));
  const sizeName = size >= GiB ? `${size / GiB} GiB` : `${size / 1024 ** 2} MiB`;
  const upload: CostRow = {
    name: `Upload ${sizeName}, ${location.name}`,
    per: 'GiB',
    rateUnit: 'MB/s',
    baselineName: 'bare node:http + MD5, to a file, fsync',
  };
  const download: CostRow = {
    name: `Download ${sizeName}, ${location.name}`,
    per: 'GiB',
    rateUnit: 'MB/s',
    baselineName: 'bare node:http piping the file, 1 MiB reads',
    maxCpuRatio: 1.1,
  };
  const metadata: CostRow = {
    name: `GET /upload/:id, ${location.name}`,
    per: '1000 req',
    rateUnit: 'req/s',
    baselineName: 'bare Fastify route, same JSON',
    minRate: 4000,
    minRateRatio: 0.4,
    note: `${METADATA_CONNECTIONS} connections, ${seconds} s a run`,
  };
  try {
    // The file the uploads send (curl reads it) and the bare download server serves: the bytes Ferry stores.
    const source: SourceFile = { path: path.join(root, 'source.bin'), size, chunk };
    await pipeline(generatedBytes(size, chunk), createWriteStream(source.path));
    const bareDir = path.join(root, 'bare-upload');
    await mkdir(bareDir);
    const gib = size / GiB;
    const perGib = (cost: Cost) => cost.cpu / gib;
    const mbps = (cost: Cost) => size / MB / (cost.ms / 1000);
    await withFerry(path.join(root, 'ferry'), {}, (ferry) =>
      withBaseline(
        () => startBareUploadServer(bareDir, { md5: true }),
        (bareUpload) =>
          withBaseline(
            () => startBareDownloadServer(source.path),
            async (bareDownload) => {
              const runsOf = { ferryUp: [] as Cost[], bareUp: [] as Cost[], ferryDown: [] as Cost[], bareDown: [] as Cost[] };
              const bare: BenchUpload = { id: 'bare', uploadToken: '' };
              for (let i = 0; i < runs; i++) {
                const target = await createUpload(ferry.base);
                let sent: Awaited<ReturnType<typeof uploadSpeed>> | undefined;
                runsOf.ferryUp.push(await costOf(ferry.pid, async () => (sent = await uploadSpeed(ferry.base, target, source))));
                const file = sent!.file;
                if (file.fileSize !== size) throw new Error(`Ferry stored ${file.fileSize} of ${size} bytes`);
                runsOf.bareUp.push(await costOf(bareUpload.pid, () => uploadSpeed(bareUpload.base, bare, source)));
                await rm(bareDir, { recursive: true, force: true });
                await mkdir(bareDir);
                runsOf.ferryDown.push(await costOf(ferry.pid, () => fetchSpeed(fileUrl(ferry.base, target, file), size, chunk)));
                runsOf.bareDown.push(await costOf(bareDownload.pid, () => fetchSpeed(bareDownload.base, size, chunk)));
                await removeFile(ferry.base, target, file);
              }
              const summary = (costs: Cost[]): Measured => ({ cpu: spreadOf(costs.map(perGib)), rate: spreadOf(costs.map(mbps)) });
              upload.ferry = summary(runsOf.ferryUp);
              upload.baseline = summary(runsOf.bareUp);
              download.ferry = summary(runsOf.ferryDown);
              download.baseline = summary(runsOf.bareDown);
              await measureMetadata(ferry, root, chunk, runs, seconds, metadata);
            },
          ),
      ),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return [upload, download, metadata];
}

/** GET /upload/:id of an upload with one file, against a bare Fastify route answering the same JSON, alternating. */
async function measureMetadata(
  ferry: { pid: number; base: URL },
  root: string,
  chunk: Buffer,
  runs: number,
  seconds: number,
  row: CostRow,
): Promise<void> {
  const target = await createUpload(ferry.base);
  const file = await uploadFile(ferry.base, target, 1000, chunk);
  const url = new URL(`upload/${target.id}`, ferry.base);
  const sample = path.join(root, 'upload.json');
  await writeFile(sample, await (await fetch(url)).text());
  // A run lasts so many seconds, not so many requests: autocannon ends a run of `amount` requests on its next
  // one-second tick, which made rates of 2 500 or 5 000 req/s whatever the server did.
  const load = async (href: string, duration = seconds) => {
    const result = await autocannon({ url: href, connections: METADATA_CONNECTIONS, duration });
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`${href}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
    return result.requests.total;
  };
  const summary = (runs: { cost: Cost; requests: number }[]): Measured => ({
    cpu: spreadOf(runs.map(({ cost, requests }) => cost.cpu / (requests / 1000))),
    rate: spreadOf(runs.map(({ cost, requests }) => requests / (cost.ms / 1000))),
  });
  const measured = async (pid: number, href: string) => {
    let requests = 0;
    const cost = await costOf(pid, async () => (requests = await load(href)));
    return { cost, requests };
  };
  await withBaseline(
    () => startBareFastify(sample),
    async (bare) => {
      const bareUrl = new URL(`upload/${target.id}`, bare.base).href;
      const ferryRuns: { cost: Cost; requests: number }[] = [];
      const bareRuns: { cost: Cost; requests: number }[] = [];
      // One unmeasured second each first: the routes' first answers compile their serializers and warm V8 up.
      await load(url.href, 1);
      await load(bareUrl, 1);
      for (let i = 0; i < runs; i++) {
        ferryRuns.push(await measured(ferry.pid, url.href));
        bareRuns.push(await measured(bare.pid, bareUrl));
      }
      row.ferry = summary(ferryRuns);
      row.baseline = summary(bareRuns);
    },
  );
  await removeFile(ferry.base, target, file);
}
