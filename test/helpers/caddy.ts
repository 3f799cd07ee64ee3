// Debian's Caddy in front of a test Ferry, configured as deploy/Caddyfile says: its site, pointed at this Ferry and
// its files folder, on a free loopback port over plain HTTP, without the admin endpoint. Started as an unprivileged
// process: as nobody when the tests run as root.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stopProcess, waitFor } from '../../bench/baselines.js';
import { freePort } from '../../bench/server.js';
import { NOBODY, type TestProxy } from './nginx.js';

const SHIPPED = new URL('../../deploy/Caddyfile', import.meta.url);
const BINARY = '/usr/bin/caddy';

export async function startTestCaddy(ferryOrigin: string, filesDir: string): Promise<TestProxy> {
  if (!existsSync(BINARY)) throw new Error('the offload tests need Caddy: apt-get install caddy (bash .ci/run does)');
  const port = await freePort();
  const shipped = await readFile(SHIPPED, 'utf8');
  const site = shipped
    .replace(/^files\.example\.com \{$/m, `http://127.0.0.1:${port} {`)
    .replace('reverse_proxy 127.0.0.1:8080 {', `reverse_proxy ${new URL(ferryOrigin).host} {`)
    .replace('root * /var/lib/ferry/files', `root * ${filesDir}`);
  if (!site.includes(`root * ${filesDir}`) || !site.includes(`http://127.0.0.1:${port} {`))
    throw new Error('deploy/Caddyfile: site, reverse_proxy or root not found');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-caddy-'));
  const config = path.join(workDir, 'Caddyfile');
  await writeFile(config, `{\n\tadmin off\n\tauto_https off\n}\n${site}`);
  const root = process.getuid?.() === 0;
  if (root) await chown(workDir, NOBODY, NOBODY);
  // Caddy keeps its state under HOME and XDG folders: here, in the work folder.
  const env = { PATH: process.env.PATH, HOME: workDir, XDG_DATA_HOME: workDir, XDG_CONFIG_HOME: workDir };
  const child = spawn(BINARY, ['run', '--config', config, '--adapter', 'caddyfile'], {
    stdio: 'ignore',
    env,
    ...(root ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  const base = new URL(`http://127.0.0.1:${port}/`);
  try {
    await waitFor(base, child);
  } catch (err) {
    await stopProcess(child, 'SIGTERM');
    await rm(workDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: base.origin,
    stop: async () => {
      await stopProcess(child, 'SIGTERM');
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
