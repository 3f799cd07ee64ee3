// A real clamd (Debian's clamav-daemon) for the scanning tests, in a folder of its own: its clamd.conf, a unix socket
// there (or TCP on a free loopback port), and a signature database made here holding only the EICAR test file's
// signature, so that it starts in a fraction of a second and nothing is downloaded. Missing locally, the tests
// that need it skip with a message; in CI they fail, as a skipped scanner test would pass unnoticed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClamdAddress } from '../../src/config/clamd-address.js';
import { answers } from '../../src/scan/clamd.js';
import { freePort, stopped } from './daemons.js';

export const CLAMD = process.env.FERRY_TEST_CLAMD ?? '/usr/sbin/clamd';

/** The EICAR test file: harmless, and recognised by every virus scanner as a test of it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
/**
 * EICAR behind the first line of an age file: what an e2ee upload takes (it starts as age's), which the database made
 * here also calls infected, so that a test can tell a file not scanned from a clean one.
 */
export const AGE_SHAPED_EICAR = `age-encryption.org/v1\n${EICAR}`;
/** What clamd calls it with the database made here (clamd marks signatures outside ClamAV's own as UNOFFICIAL). */
export const EICAR_SIGNATURE = 'Ferry-Test-EICAR.UNOFFICIAL';

const HINT = "install Debian's clamav-daemon (apt-get install clamav-daemon), or set FERRY_TEST_CLAMD to clamd's path";

/** Whether the clamd tests run here: false (with a message, once) when clamd is missing, an error in CI. */
export function clamdInstalled(): boolean {
  if (existsSync(CLAMD)) return true;
  if (process.env.CI) throw new Error(`the scanning tests need clamd at ${CLAMD}: ${HINT}`);
  console.warn(`\n  Skipping the scanning tests: no clamd at ${CLAMD}. To run them, ${HINT}.\n`);
  return false;
}

export interface TestClamd {
  /** ClamdAddress for Ferry. */
  address: string;
  /** Stops (SIGSTOP) and continues (SIGCONT) the process: a clamd that reads nothing and answers nothing. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export interface ClamdOptions {
  /** Listen on TCP (a free loopback port) rather than a unix socket. */
  tcp?: boolean;
  /** clamd's StreamMaxLength, the largest file it takes over INSTREAM. */
  streamMaxLength?: string;
}

export async function startClamd({ tcp = false, streamMaxLength = '10M' }: ClamdOptions = {}): Promise<TestClamd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-clamd-'));
  const database = path.join(dir, 'db');
  await mkdir(database);
  // An .hdb line is the file's MD5, its size and a name: clamd finds exactly this file.
  const line = (file: string) => `${createHash('md5').update(file).digest('hex')}:${Buffer.byteLength(file)}:Ferry-Test-EICAR\n`;
  await writeFile(path.join(database, 'ferry-test.hdb'), line(EICAR) + line(AGE_SHAPED_EICAR));
  const socket = path.join(dir, 'clamd.sock');
  const port = tcp ? await freePort() : 0;
  const listen = tcp ? [`TCPSocket ${port}`, 'TCPAddr 127.0.0.1'] : [`LocalSocket ${socket}`];
  const conf = path.join(dir, 'clamd.conf');
  await writeFile(
    conf,
    [
      'Foreground yes',
      `DatabaseDirectory ${database}`,
      `PidFile ${path.join(dir, 'clamd.pid')}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      `StreamMaxLength ${streamMaxLength}`,
      ...listen,
      '',
    ].join('\n'),
  );
  const child = spawn(CLAMD, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const target = tcp ? { host: '127.0.0.1', port } : { path: socket };
  try {
    await answersPing(child, target, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    address: tcp ? `tcp://127.0.0.1:${port}` : socket,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: async () => {
      child.kill('SIGCONT');
      await stopped(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits (up to 10 s) until clamd answers PING with PONG. */
async function answersPing(child: ChildProcess, target: ClamdAddress, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`clamd exited (${child.exitCode}): ${stderr()}`);
    if (await answers(target, 1000)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`clamd did not answer within 10 s: ${stderr()}`);
}
