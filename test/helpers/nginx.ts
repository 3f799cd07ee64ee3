// Debian's nginx in front of a test Ferry, configured as deploy/nginx.conf says: the locations of its HTTPS server
// (the proxy to Ferry, the internal location of DownloadOffload = "nginx"), pointed at this Ferry and its files
// folder, on a free loopback port without TLS. Started as an unprivileged process: as nobody when the tests run as root.
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installedNginx, shippedNginxServer, startNginx } from '../../bench/baselines.js';

/** A proxy in front of a test Ferry. */
export interface TestProxy {
  url: string;
  stop(): Promise<void>;
}

/** Debian's nobody and nogroup, whom the proxies run as when the tests run as root. */
export const NOBODY = 65534;

/** `filesDir` must be readable by nobody when the tests run as root (its folders 0755, as Ferry makes them). */
export async function startTestNginx(ferryOrigin: string, filesDir: string): Promise<TestProxy> {
  const binary = installedNginx();
  if (!binary) throw new Error('the offload tests need nginx: apt-get install nginx (bash .ci/run does)');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-nginx-'));
  const root = process.getuid?.() === 0;
  if (root) await chown(workDir, NOBODY, NOBODY);
  try {
    const started = await startNginx(
      binary,
      workDir,
      await shippedNginxServer(ferryOrigin, filesDir),
      root ? { uid: NOBODY, gid: NOBODY } : {},
    );
    return {
      url: started.base.href.replace(/\/$/, ''),
      stop: async () => {
        await started.stop();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    const log = await readFile(path.join(workDir, 'error.log'), 'utf8').catch(() => '');
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${log}`);
  }
}
