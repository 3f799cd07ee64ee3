// Runs the built Ferry server as a child process for the benchmark, and watches its memory through /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NODE_FLAGS } from '../src/cli/server-node-flags.js';

/** The compiled CLI: the bench measures what `npm run build` ships, not tsx-transpiled sources. */
let CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Measures another build (`--dist DIR`, e.g. an older commit's `tsc` output) instead of this tree's dist/. */
export function useBuild(dir: string): void {
  CLI = path.resolve(dir, 'cli/main.js');
}
/** The sources, run through tsx: for tests that kill and restart a server as it is in the working tree. */
const SOURCE_CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

export interface StartOptions {
  /** Run src/ through tsx instead of the built dist/. */
  fromSource?: boolean;
  /** More `-o Name=value` options. */
  options?: Record<string, string>;
  /** How long it may take to answer /health (tsx transpiling the sources on a busy machine takes long). */
  readyWithinMs?: number;
}

/** How much of the child's output to keep for a failure report: enough for a stack trace, bounded. */
const OUTPUT_TAIL = 64 * 1024;

export interface FerryProcess {
  pid: number;
  /** Base URL ending with "/", so that `new URL('file/x', base)` resolves under it. */
  base: URL;
  /** Set once the child has exited, so a failing transfer can say that the server died. */
  exited(): string | undefined;
  /** The last bytes the child wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after a grace period. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash or the OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Asks the OS for a free port. `-p 0` would work for Ferry but it would only tell us the port in a
 * log line; a port chosen here is known up front (a tiny race with other processes is acceptable in a bench).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

export async function startFerry(
  dataDir: string,
  { fromSource = false, options = {}, readyWithinMs }: StartOptions = {},
): Promise<FerryProcess> {
  const port = await freePort();
  const cli = fromSource ? ['--import', 'tsx', SOURCE_CLI] : [...SERVER_NODE_FLAGS, CLI];
  const extra = Object.entries({ MaxFileSize: '100GB', ...options }).flatMap(([name, value]) => ['-o', `${name}=${value}`]);
  const child = spawn(
    process.execPath,
    [...cli, 'serve', '-p', String(port), '--listen-address', '127.0.0.1', '--data-dir', dataDir, ...extra],
    // warn keeps per-request logs out of the way (they would also cost the server CPU during the bench).
    { env: { ...process.env, FERRY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid === undefined) throw new Error(`could not start ${cli.at(-1)}`);

  // The pipes must be drained or a chatty child would block on a full pipe; only a tail is kept.
  let tail = '';
  const keep = (data: Buffer) => {
    tail = (tail + data.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitReason: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });

  const ferry: FerryProcess = {
    pid: child.pid,
    base: new URL(`http://127.0.0.1:${port}/`),
    exited: () => exitReason,
    output: () => tail,
    stop: () => stopChild(child, exit),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
  try {
    await waitHealthy(ferry, readyWithinMs);
  } catch (err) {
    await ferry.stop();
    throw err;
  }
  return ferry;
}

async function waitHealthy(ferry: FerryProcess, timeoutMs = 20_000): Promise<void> {
  const url = new URL('health', ferry.base);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const reason = ferry.exited();
    if (reason) throw new Error(`Ferry ${reason} before answering /health:\n${ferry.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message; // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`Ferry did not answer 200 on ${url} within ${timeoutMs} ms (${last}):\n${ferry.output()}`);
}

async function stopChild(child: ChildProcess, exit: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const graceful = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
  if (!graceful) {
    child.kill('SIGKILL');
    await exit;
  }
}

/** Synchronous last resort for Ctrl-C, when there is no time for the graceful path. */
export function killNow(ferry: FerryProcess | undefined): void {
  if (ferry && !ferry.exited()) {
    try {
      process.kill(ferry.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** VmRSS of a process in bytes, or undefined once it is gone. */
export function readRssSync(pid: number): number | undefined {
  try {
    return parseRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseRss(status: string): number | undefined {
  // The kernel writes "VmRSS:     12345 kB", where kB means KiB.
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}

/** Samples a process's RSS every 100 ms during one phase: its peak, and its steady level (the median). */
export class RssSampler {
  private values: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(): void {
    this.values = [];
    // Synchronous read: one small procfs read, and no overlapping async reads if the loop is busy.
    const sample = () => {
      const rss = readRssSync(this.pid);
      if (rss !== undefined) this.values.push(rss);
    };
    sample();
    this.timer = setInterval(sample, 100);
  }

  /** Takes a last sample (a short phase may end between two ticks) and returns peak and median in bytes. */
  stop(): { peak: number; steady: number; samples: number } {
    clearInterval(this.timer);
    this.timer = undefined;
    const rss = readRssSync(this.pid);
    if (rss !== undefined) this.values.push(rss);
    const sorted = [...this.values].sort((a, b) => a - b);
    return { peak: sorted.at(-1) ?? 0, steady: sorted[Math.floor(sorted.length / 2)] ?? 0, samples: sorted.length };
  }
}
