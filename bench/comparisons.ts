// Ferry against the machine's own limits, measured in the same run: each comparison gives rows of the table
// in docs/BENCHMARKS.md (comparison.ts says what a comparison is).
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { findNginx, startBareUploadServer, startNginx } from './baselines.js';
import {
  best,
  FETCH_CLIENT,
  fetchSpeed,
  GiB,
  MB,
  mbps,
  TRIES,
  uploadSpeed,
  withBaseline,
  type Comparison,
  type ComparisonRow,
  type SourceFile,
} from './comparison.js';
import { encryptionAtRest } from './comparisons-encryption.js';
import { downloadOffloaded } from './comparisons-offload.js';
import { s3DataStore } from './comparisons-s3.js';
import { createUpload, fileUrl, generatedBytes, removeFile, uploadFile, type BenchUpload } from './transfer.js';

const ARCHIVE_FILES = 1000;
/** Longer than V8 waits before it counts a process as idle and shrinks its heap's limits. */
const IDLE_PAUSE_MS = 15_000;
const ARCHIVE_FILE_SIZE = 16 * 1024;

const download: Comparison = {
  name: 'download',
  async run({ ferry, chunk, workDir, size }) {
    const row: ComparisonRow = {
      name: `Download ${size / GiB} GiB (${FETCH_CLIENT})`,
      unit: 'MB/s',
      baselineName: 'nginx, sendfile on',
      targetRatio: 0.8,
    };
    const afterIdle: ComparisonRow = { ...row, name: `${row.name} after ${IDLE_PAUSE_MS / 1000} s idle`, note: 'one download each' };
    const upload = await createUpload(ferry.base);
    const file = await uploadFile(ferry.base, upload, size, chunk);
    try {
      const nginx = findNginx();
      const measureFerry = () => fetchSpeed(fileUrl(ferry.base, upload, file), size, chunk);
      if (!nginx.binary) {
        row.ferry = await best(TRIES, measureFerry);
        row.note = `nginx not compared: ${nginx.missing}`;
        return [row];
      }
      // The same bytes on the same disk, for nginx to serve.
      const root = path.join(workDir, 'www');
      await mkdir(root, { recursive: true });
      // nginx's workers drop root for an unprivileged user, who must be able to reach the file.
      await chmod(workDir, 0o755);
      await pipeline(generatedBytes(size, chunk), createWriteStream(path.join(root, 'bench.bin')));
      await withBaseline(
        () => startNginx(nginx.binary!, path.join(workDir, 'nginx'), `root ${root};`),
        async ({ base }) => {
          let ferryBest = 0;
          let nginxBest = 0;
          for (let i = 0; i < TRIES; i++) {
            ferryBest = Math.max(ferryBest, await measureFerry());
            nginxBest = Math.max(nginxBest, await fetchSpeed(new URL('bench.bin', base), size, chunk));
          }
          row.ferry = ferryBest;
          row.baseline = nginxBest;
          // Forced minor GCs during transfers once made the first downloads after a pause run at a third of the
          // speed (back-to-back full GCs in a heap whose limits V8 had shrunk): this row would show it again.
          await sleep(IDLE_PAUSE_MS);
          afterIdle.ferry = await measureFerry();
          afterIdle.baseline = await fetchSpeed(new URL('bench.bin', base), size, chunk);
        },
      );
      await rm(root, { recursive: true, force: true });
      return [row, afterIdle];
    } finally {
      await removeFile(ferry.base, upload, file);
    }
  },
};

const upload: Comparison = {
  name: 'upload',
  async run({ ferry, chunk, workDir, size }) {
    const name = `Upload ${size / GiB} GiB (${FETCH_CLIENT})`;
    const row: ComparisonRow = { name, unit: 'MB/s', baselineName: 'bare node:http piping to disk + fsync', targetRatio: 0.9 };
    // The same upload against a baseline that also computes the MD5 Plik's API answers with (fileMd5): the part of
    // the gap that any Plik-compatible server pays. Ferry also computes deduplication's SHA-256.
    const hashingRow: ComparisonRow = { name, unit: 'MB/s', baselineName: 'the same, + MD5 of the bytes' };
    const source: SourceFile = { path: path.join(workDir, 'upload-source.bin'), size, chunk };
    await pipeline(generatedBytes(size, chunk), createWriteStream(source.path));
    const dir = path.join(workDir, 'bare-upload');
    await mkdir(dir, { recursive: true });
    const bare: BenchUpload = { id: 'bare', uploadToken: '' };
    const emptied = async () => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
    };
    try {
      await withBaseline(
        () => startBareUploadServer(dir),
        (plain) =>
          withBaseline(
            () => startBareUploadServer(dir, { md5: true }),
            async (hashing) => {
              const top = { ferry: 0, plain: 0, hashing: 0 };
              for (let i = 0; i < TRIES; i++) {
                const target = await createUpload(ferry.base);
                const sent = await uploadSpeed(ferry.base, target, source);
                await removeFile(ferry.base, target, sent.file);
                // The bare servers store the multipart body whole; Ferry must have kept exactly the file.
                if (sent.file.fileSize !== size) throw new Error(`Ferry stored ${sent.file.fileSize} of ${size} bytes`);
                top.ferry = Math.max(top.ferry, sent.mbps);
                top.plain = Math.max(top.plain, (await uploadSpeed(plain.base, bare, source)).mbps);
                await emptied();
                top.hashing = Math.max(top.hashing, (await uploadSpeed(hashing.base, bare, source)).mbps);
                await emptied();
              }
              Object.assign(row, { ferry: top.ferry, baseline: top.plain });
              Object.assign(hashingRow, { ferry: top.ferry, baseline: top.hashing });
            },
          ),
      );
    } finally {
      await rm(source.path, { force: true });
    }
    return [row, hashingRow];
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
          const slice = chunk.subarray((i * 997) % (chunk.length - ARCHIVE_FILE_SIZE));
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
    return [row];
  },
};

/**
 * Every comparison, in table order. To add rows: write a Comparison that measures Ferry and, where there is one,
 * the machine's own limit for the same job, and put it here.
 */
// GET /upload/:id against a bare Fastify route is measured with the costs (costs.ts), its CPU beside its rate.
export const COMPARISONS: Comparison[] = [download, downloadOffloaded, upload, archive, s3DataStore, encryptionAtRest];
