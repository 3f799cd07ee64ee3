// Downloads offloaded to nginx (DownloadOffload = "nginx", with deploy/nginx.conf's server block) against nginx alone
// serving the same stored file, and the CPU time Ferry's process spends per GiB so offloaded against sending the
// bytes itself (the bench's main Ferry), read from /proc.
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { findNginx, shippedNginxServer, startNginx } from './baselines.js';
import { FETCH_CLIENT, fetchSpeed, GiB, TRIES, withBaseline, withFerry, type Comparison, type ComparisonRow } from './comparison.js';
import { costOf } from './cpu.js';
import type { FerryProcess } from './server.js';
import { createUpload, fileUrl, removeFile, uploadFile } from './transfer.js';

/** MB/s of one download of `url`, and the CPU seconds `ferry` spent meanwhile. */
async function measured(ferry: FerryProcess, url: URL, size: number, chunk: Buffer): Promise<{ mbps: number; cpu: number }> {
  let mbps = 0;
  const { cpu } = await costOf(ferry.pid, async () => (mbps = await fetchSpeed(url, size, chunk)));
  return { mbps, cpu };
}

export const downloadOffloaded: Comparison = {
  name: 'download offloaded to nginx',
  async run({ ferry: plain, chunk, workDir, size }) {
    const speed: ComparisonRow = {
      name: `Download ${size / GiB} GiB (${FETCH_CLIENT}), DownloadOffload = "nginx"`,
      unit: 'MB/s',
      baselineName: 'nginx alone, the same file',
      targetRatio: 0.9,
    };
    const cpu: ComparisonRow = {
      name: `Ferry's CPU per GiB downloaded, DownloadOffload = "nginx"`,
      unit: 's/GiB',
      baselineName: 'Ferry sending the bytes itself',
      note: 'utime + stime of the Ferry process; goal ≤ 0.05 s; lower is better',
    };
    const nginx = findNginx();
    if (!nginx.binary) return [{ ...speed, note: `not measured: ${nginx.missing}` }];
    // nginx's workers drop root for an unprivileged user, who must be able to reach the files folder.
    await chmod(workDir, 0o755);
    const dataDir = path.join(workDir, 'offloading-ferry');
    await withFerry(dataDir, { DownloadOffload: 'nginx' }, async (offloading) => {
      const filesDir = path.join(dataDir, 'files');
      // nginx alone reads the very file Ferry stored, at /plain/ beside Ferry's locations.
      const server = `${await shippedNginxServer(offloading.base.origin, filesDir)}\n location /plain/ { alias ${filesDir}/; }`;
      const upload = await createUpload(offloading.base);
      const file = await uploadFile(offloading.base, upload, size, chunk);
      const mine = await createUpload(plain.base);
      const mineFile = await uploadFile(plain.base, mine, size, chunk);
      try {
        await withBaseline(
          () => startNginx(nginx.binary!, path.join(workDir, 'offload-nginx'), server),
          async ({ base }) => {
            const stored = new URL(`plain/${upload.id.slice(0, 2)}/${upload.id}/${file.id}`, base);
            const runs = { offloaded: [] as number[], alone: [] as number[], offloadedCpu: 0, plainCpu: 0 };
            // Alternating, each keeping its best: the machine's speed drifts from one minute to the next.
            for (let i = 0; i < TRIES; i++) {
              const offloaded = await measured(offloading, fileUrl(base, upload, file), size, chunk);
              runs.offloaded.push(offloaded.mbps);
              runs.offloadedCpu += offloaded.cpu;
              runs.alone.push(await fetchSpeed(stored, size, chunk));
              runs.plainCpu += (await measured(plain, fileUrl(plain.base, mine, mineFile), size, chunk)).cpu;
            }
            const gib = (TRIES * size) / GiB;
            speed.ferry = Math.max(...runs.offloaded);
            speed.baseline = Math.max(...runs.alone);
            cpu.ferry = runs.offloadedCpu / gib;
            cpu.baseline = runs.plainCpu / gib;
          },
        );
      } finally {
        await removeFile(plain.base, mine, mineFile);
      }
    });
    return [speed, cpu];
  },
};
