// Argon2 on threads of its own, a few at a time. Anyone may ask for a password check (a sign-in, an upload's Basic
// auth), and each costs 64 MiB and a fraction of a second of CPU: unbounded, a burst of them took every thread of
// libuv's pool, which file I/O shares (the argon2 npm package hashes there), and a 6-byte download waited 5 s.
// Here hashing runs in WebAssembly on worker threads (hash-wasm), outside that pool; at most THREADS hashes run at
// once, at most QUEUE wait, and past that a check is refused with 503 rather than queued without end.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FerryError } from '../model/errors.js';

/** Hashes running at once: a core's worth each, leaving the rest of the machine to transfers. */
const THREADS = 2;
/** Checks waiting for a thread; one more is refused. A hash takes ~0.3 s, so the last waits about 2.5 s. */
const QUEUE = 16;
/** What a refused client is told to wait, in seconds. */
const RETRY_AFTER_SECONDS = 2;
/** A thread with nothing to hash goes after this long, giving back its memory. */
const IDLE_MS = 10_000;

/** Parameters of new hashes: argon2id as the argon2 package made them (m=64 MiB, t=3, p=4), so all hashes cost alike. */
const PARAMETERS = { parallelism: 4, iterations: 3, memorySize: 65536, hashLength: 32 };

/**
 * The thread's code, as a string, so that the same code runs from dist/ and from the sources under tsx or Vitest
 * (see hash-thread.ts). A stored hash that does not parse matches nothing.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { argon2id, argon2Verify, bcryptVerify } = require(workerData.hashWasm);
parentPort.on('message', async (job) => {
  try {
    const verify = job.hash !== undefined && job.hash.startsWith('$2') ? bcryptVerify : argon2Verify;
    const result = job.hash === undefined
      ? await argon2id({ ...workerData.parameters, password: job.password, salt: job.salt, outputType: 'encoded' })
      : await verify({ password: job.password, hash: job.hash }).catch(() => false);
    parentPort.postMessage({ result });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
});
`;

type Job = { password: string; salt?: Uint8Array; hash?: string };
interface Pending {
  job: Job;
  resolve(result: string | boolean): void;
  reject(err: Error): void;
}

export interface HashingGauge {
  /** Hashes running now. */
  running: number;
  /** Checks waiting for a thread now. */
  waiting: number;
  /** The most hashes that ever ran at once. */
  peakRunning: number;
  /** Hashes started since the process began. */
  started: number;
}

class PasswordThreads {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly hashWasm = createRequire(import.meta.url).resolve('hash-wasm');
  private idleTimer: NodeJS.Timeout | undefined;
  readonly gauge: HashingGauge = { running: 0, waiting: 0, peakRunning: 0, started: 0 };

  run(job: Job): Promise<string | boolean> {
    if (this.gauge.running >= THREADS && this.queue.length >= QUEUE) {
      return Promise.reject(new FerryError('unavailable', 'the server is busy checking passwords, retry in a moment', RETRY_AFTER_SECONDS));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.gauge.running < THREADS && this.queue.length > 0) {
      clearTimeout(this.idleTimer);
      this.start(this.queue.shift()!, this.idle.pop() ?? this.spawn());
    }
    this.gauge.waiting = this.queue.length;
  }

  private start(pending: Pending, worker: Worker): void {
    this.gauge.running++;
    this.gauge.started++;
    this.gauge.peakRunning = Math.max(this.gauge.peakRunning, this.gauge.running);
    const done = (settle: () => void, reusable: boolean) => {
      worker.off('message', onMessage).off('error', onError).unref();
      this.gauge.running--;
      if (reusable) this.idle.push(worker);
      settle();
      this.next();
      if (this.gauge.running === 0) this.stopWhenIdle();
    };
    const onMessage = (message: { result?: string | boolean; error?: string }) =>
      done(() => (message.error === undefined ? pending.resolve(message.result!) : pending.reject(new Error(message.error))), true);
    // A thread that died (out of memory) is not reused; the next job gets a fresh one.
    const onError = (err: Error) => done(() => pending.reject(err), false);
    // A hash under way keeps the process alive (a command waiting for it may have nothing else); an idle thread does not.
    worker.on('message', onMessage).on('error', onError).ref();
    worker.postMessage(pending.job);
  }

  private spawn(): Worker {
    return new Worker(THREAD_SOURCE, { eval: true, workerData: { hashWasm: this.hashWasm, parameters: PARAMETERS } });
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      for (const worker of this.idle.splice(0)) void worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

const threads = new PasswordThreads();

/** How busy password hashing is (tests read it to see the bound hold). */
export const passwordHashingGauge: Readonly<HashingGauge> = threads.gauge;

/** An argon2id hash of `password` in PHC form; 503 when too many are waiting. */
export const argon2Hash = async (password: string) => (await threads.run({ password, salt: randomBytes(16) })) as string;

/**
 * Whether `password` matches `hash`: argon2 in PHC form, or bcrypt (`$2a$`, `$2b$`, `$2y$`: the hashes of Plik's and
 * other servers' accounts, kept as they were by an import). A malformed hash matches nothing. 503 when too many wait.
 */
export const passwordVerify = async (hash: string, password: string) => (await threads.run({ password, hash })) === true;
