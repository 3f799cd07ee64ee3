// What the machine can do without Ferry, measured in the same run: nginx serving a file with sendfile, a bare Node
// server piping a request body to disk, a bare Fastify route, and an S3 server. Ferry's numbers are read against these.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './server.js';

const BARE_SERVERS = fileURLToPath(new URL('bare-servers.ts', import.meta.url));

export interface Baseline {
  base: URL;
  /** The server's process, whose CPU time the bench reads. */
  pid: number;
  stop(): Promise<void>;
}

const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];

/** Where this machine's nginx is, if it has one. */
export const installedNginx = (): string | undefined => NGINX_PATHS.find((p) => existsSync(p));

/** Debian's nginx, installed here when missing and we are root; otherwise the reason it cannot be had. */
export function findNginx(): { binary?: string; missing?: string } {
  const found = installedNginx;
  if (found()) return { binary: found() };
  if (process.getuid?.() !== 0) return { missing: 'nginx is not installed and installing it needs root (apt-get install -y nginx)' };
  console.log('nginx is not installed: apt-get install -y nginx…');
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    return { missing: `apt-get install -y nginx failed: ${(err as Error).message.split('\n')[0]}` };
  }
  return found() ? { binary: found() } : { missing: 'nginx was installed but its binary was not found' };
}

/**
 * nginx on loopback with a minimal config of its own (sendfile on, no access log) around `server`, the body of its
 * one server block (`root /some/folder;`); `as`: the user it runs as, when not this process's.
 */
export async function startNginx(
  binary: string,
  workDir: string,
  server: string,
  as: { uid?: number; gid?: number } = {},
): Promise<Baseline> {
  await mkdir(workDir, { recursive: true });
  const port = await freePort();
  const config = path.join(workDir, 'nginx.conf');
  await writeFile(
    config,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(workDir, 'nginx.pid')};`,
      `error_log ${path.join(workDir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  tcp_nopush on;',
      '  default_type application/octet-stream;',
      `  client_body_temp_path ${workDir}/body; proxy_temp_path ${workDir}/proxy; fastcgi_temp_path ${workDir}/fastcgi;`,
      `  uwsgi_temp_path ${workDir}/uwsgi; scgi_temp_path ${workDir}/scgi;`,
      `  server { listen 127.0.0.1:${port}; ${server} }`,
      '}',
    ].join('\n'),
  );
  // -e: nginx 1.19.5+ opens its default error log before reading the config unless told otherwise.
  const child = spawn(binary, ['-p', workDir, '-c', config, '-e', path.join(workDir, 'error.log')], { stdio: 'ignore', ...as });
  const base = new URL(`http://127.0.0.1:${port}/`);
  await waitFor(base, child);
  return { base, pid: child.pid!, stop: () => stopProcess(child, 'SIGQUIT') };
}

const SHIPPED_NGINX = new URL('../deploy/nginx.conf', import.meta.url);

/**
 * The directives of deploy/nginx.conf's HTTPS server, less what needs a certificate, a name or a log folder, pointed
 * at the Ferry at `ferryOrigin` and its files folder: the proxy and the internal location of DownloadOffload, as shipped.
 */
export async function shippedNginxServer(ferryOrigin: string, filesDir: string): Promise<string> {
  const text = await readFile(SHIPPED_NGINX, 'utf8');
  const server = /^server \{\n(?:(?!^\}).*\n)*?\s*listen 443[\s\S]*?^\}/m.exec(text)?.[0];
  if (!server) throw new Error('deploy/nginx.conf has no HTTPS server block');
  const body = server
    .split('\n')
    .slice(1, -1)
    .filter((line) => !/^\s*(listen|http2|server_name|ssl_\w+|access_log)\s/.test(line))
    .join('\n');
  const pointed = body
    .replace('proxy_pass http://ferry;', `proxy_pass ${ferryOrigin};`)
    .replace('alias /var/lib/ferry/files/;', `alias ${filesDir}/;`);
  if (!pointed.includes(`proxy_pass ${ferryOrigin};`) || !pointed.includes(`alias ${filesDir}/;`))
    throw new Error('deploy/nginx.conf: proxy_pass or alias not found');
  return pointed;
}

/** The upload baseline: bare-servers.ts `upload`, a node:http server writing request bodies to disk (and hashing them). */
export function startBareUploadServer(dir: string, { md5 = false } = {}): Promise<Baseline> {
  return md5 ? startBare('upload', dir, 'md5') : startBare('upload', dir);
}

/** The download baseline: bare-servers.ts `download`, a node:http server piping `file` to every GET. */
export function startBareDownloadServer(file: string): Promise<Baseline> {
  return startBare('download', file);
}

/** The metadata baseline: bare-servers.ts `fastify`, GET /upload/:id answering the JSON in `sampleFile`. */
export function startBareFastify(sampleFile: string): Promise<Baseline> {
  return startBare('fastify', sampleFile);
}

/**
 * The S3 baseline, and the S3 server of the S3 comparison's Ferry: bare-servers.ts `s3`. Its own process, not in
 * the bench's: there it would share one event loop with the bench's client, slowing both sides of the comparison,
 * and the side without Ferry most (client and server in one thread), while Ferry runs on a core of its own.
 */
export function startS3Server(): Promise<Baseline> {
  return startBare('s3');
}

async function startBare(kind: string, ...args: string[]): Promise<Baseline> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', BARE_SERVERS, kind, String(port), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare ${kind} server exited with code ${code}`)));
    child.stdout!.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolve();
    });
  });
  return { base: new URL(`http://127.0.0.1:${port}/`), pid: child.pid!, stop: () => stopProcess(child, 'SIGTERM') };
}

/** Waits until the server `child` runs answers at `base` (any answer). */
export async function waitFor(base: URL, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with code ${child.exitCode}`);
    try {
      await (await fetch(base, { signal: AbortSignal.timeout(500) })).arrayBuffer();
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`${child.spawnfile} did not answer on ${base.href}`);
}

/** Stops a child with `signal` (SIGQUIT is nginx's graceful stop), then SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await Promise.race([exited, sleep(3000).then(() => child.kill('SIGKILL'))]);
}
