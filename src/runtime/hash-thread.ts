// Hashes file content on worker threads. The MD5 of Plik's fileMd5 and the SHA-256 of deduplication cost as much CPU
// as everything else an upload does: on the event loop they capped uploads at the hashes' speed, on a thread of their
// own they run beside the parsing and writing. Where the machine has a spare core for each, a file's two digests run
// on two threads, which read the same batches (shared memory, no copy per thread).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FerryError } from '../model/errors.js';

export type HashAlgorithm = 'md5' | 'sha256';

/** Bytes are copied into batches of this size before they cross to the thread: one message per batch, not per chunk. */
const BATCH_BYTES = 256 * 1024;
/** Batches of one file on their way or being hashed; past this, the file's reader waits, so memory stays bounded. */
const BATCHES_IN_FLIGHT = 2;
/** A thread with nothing to hash goes after this long, giving back its memory. */
const IDLE_MS = 10_000;

/**
 * The thread's code, as a string: the same code then runs from dist/ and from the sources under tsx or Vitest,
 * which a worker file would not (a .ts worker needs a loader the thread does not inherit).
 */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (message) => {
  const { kind, job } = message;
  if (kind === 'start') {
    jobs.set(job, message.algorithms.map((algorithm) => createHash(algorithm)));
  } else if (kind === 'data') {
    const bytes = new Uint8Array(message.buffer, 0, message.length);
    for (const hash of jobs.get(job)) hash.update(bytes);
    // The batch may be filled again once every thread hashing it has said so.
    parentPort.postMessage({ kind: 'ack', job });
  } else if (kind === 'end') {
    const digests = jobs.get(job).map((hash) => hash.digest('hex'));
    jobs.delete(job);
    parentPort.postMessage({ kind: 'digests', job, digests });
  } else if (kind === 'abort') {
    jobs.delete(job);
  }
});
`;

type FromThread = { kind: 'ack'; job: number } | { kind: 'digests'; job: number; digests: string[] };

interface JobCallbacks {
  /** A batch was hashed; a thread answers for a job's batches in the order they were sent. */
  ack(): void;
  digests(digests: string[]): void;
  fail(err: Error): void;
}

/** The threads hashing uploads: started with the first upload, one per spare core, stopped when idle. */
class HashThreads {
  private readonly threads: { worker: Worker; jobs: Map<number, JobCallbacks> }[] = [];
  private readonly size = Math.max(1, availableParallelism() - 1);
  private nextJob = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  /** How many threads may hash one file's digests side by side. */
  get count(): number {
    return this.size;
  }

  /** Registers a job on the least busy thread; returns how to talk to it. */
  open(algorithms: HashAlgorithm[], callbacks: JobCallbacks): { post(message: object): void; close(): void } {
    clearTimeout(this.idleTimer);
    const thread = this.leastBusy();
    const job = this.nextJob++;
    thread.jobs.set(job, callbacks);
    thread.worker.postMessage({ kind: 'start', job, algorithms });
    return {
      post: (message) => thread.worker.postMessage({ ...message, job }),
      close: () => {
        thread.jobs.delete(job);
        if (this.threads.every((t) => t.jobs.size === 0)) this.stopWhenIdle();
      },
    };
  }

  private leastBusy() {
    if (this.threads.length < this.size) {
      const idle = this.threads.find((t) => t.jobs.size === 0);
      if (idle) return idle;
      return this.spawn();
    }
    return this.threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  private spawn() {
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    // A thread never keeps the process alive: a CLI command that uploaded nothing more must be able to exit.
    worker.unref();
    const thread = { worker, jobs: new Map<number, JobCallbacks>() };
    worker.on('message', (message: FromThread) => {
      const job = thread.jobs.get(message.job);
      if (!job) return;
      if (message.kind === 'ack') job.ack();
      else job.digests(message.digests);
    });
    const lost = (err: Error) => {
      this.threads.splice(this.threads.indexOf(thread), 1);
      for (const job of thread.jobs.values()) job.fail(err);
      thread.jobs.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (this.threads.includes(thread)) lost(new Error(`hashing thread exited with code ${code}`));
    });
    this.threads.push(thread);
    return thread;
  }

  private stopWhenIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      for (const thread of this.threads.splice(0)) void thread.worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

const threads = new HashThreads();

/**
 * The digests of one stream of bytes, fed chunk by chunk. `update` copies the chunk, so the caller may pass the same
 * bytes on at once; it returns a promise only when the threads are behind and the caller must wait for them.
 * Where each digest can have a thread (a spare core each), each is a job of its own and the threads share them out;
 * otherwise one job computes them all, one message per batch.
 */
export class StreamHasher {
  private readonly lanes: { channel: ReturnType<HashThreads['open']>; acked: number; digests?: string[] }[];
  private readonly free: SharedArrayBuffer[] = [];
  /** Batches sent and not yet hashed by every lane, oldest first; `firstPending` is the number of the oldest. */
  private readonly pending: { buffer: SharedArrayBuffer; waiting: number }[] = [];
  private firstPending = 0;
  private batch: Uint8Array | undefined;
  private filled = 0;
  private resume: (() => void) | undefined;
  private failure: Error | undefined;
  private result: Promise<string[]> | undefined;
  private settle: { resolve(digests: string[]): void; reject(err: Error): void } | undefined;

  constructor(algorithms: HashAlgorithm[]) {
    // One job per digest where each can have a thread; else one job for all, one message per batch.
    const jobs = threads.count >= algorithms.length ? algorithms.map((algorithm) => [algorithm]) : [algorithms];
    this.lanes = jobs.map((job) => {
      const lane: StreamHasher['lanes'][number] = {
        acked: 0,
        channel: threads.open(job, {
          ack: () => this.hashed(lane),
          digests: (digests) => {
            lane.channel.close();
            lane.digests = digests;
            if (this.lanes.every((l) => l.digests)) this.settle?.resolve(this.lanes.flatMap((l) => l.digests!));
          },
          fail: (err) => {
            // The server's fault, not the client's: an internal error, whatever the upload was doing.
            this.failure = new FerryError('internal', `hashing failed: ${err.message}`);
            // The other digests are of no use now: their jobs go, or their threads would never idle out.
            this.drop();
            this.settle?.reject(this.failure);
            this.wake();
          },
        }),
      };
      return lane;
    });
  }

  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    for (let done = 0; done < chunk.length; ) {
      this.batch ??= new Uint8Array(this.free.pop() ?? new SharedArrayBuffer(BATCH_BYTES));
      const n = Math.min(chunk.length - done, BATCH_BYTES - this.filled);
      this.batch.set(chunk.subarray(done, done + n), this.filled);
      this.filled += n;
      done += n;
      if (this.filled === BATCH_BYTES) this.send();
    }
    return this.pending.length >= BATCHES_IN_FLIGHT ? this.untilCaughtUp() : undefined;
  }

  /** The hex digests, in the order of the algorithms; no more updates after this. */
  digests(): Promise<string[]> {
    this.result ??= new Promise<string[]>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.lanes.length === 0) return resolve([]);
      this.settle = { resolve, reject };
      if (this.filled > 0) this.send();
      for (const lane of this.lanes) lane.channel.post({ kind: 'end' });
    });
    return this.result;
  }

  /** Drops the job: its bytes will never be complete. */
  abort(): void {
    if (this.result) return;
    this.result = Promise.reject(new Error('hashing aborted'));
    this.result.catch(() => undefined);
    this.drop();
  }

  /** Ends every job still open on its thread. */
  private drop() {
    for (const lane of this.lanes) {
      if (lane.digests) continue;
      lane.channel.post({ kind: 'abort' });
      lane.channel.close();
    }
  }

  private send() {
    const buffer = this.batch!.buffer as SharedArrayBuffer;
    // Shared, not transferred: every lane's thread reads the same bytes, and none writes them.
    for (const lane of this.lanes) lane.channel.post({ kind: 'data', buffer, length: this.filled });
    this.pending.push({ buffer, waiting: this.lanes.length });
    this.batch = undefined;
    this.filled = 0;
  }

  /** A lane hashed its next batch; a batch every lane has hashed may be filled again. */
  private hashed(lane: StreamHasher['lanes'][number]) {
    const batch = this.pending[lane.acked++ - this.firstPending];
    if (batch) batch.waiting--;
    while (this.pending[0]?.waiting === 0) {
      this.free.push(this.pending.shift()!.buffer);
      this.firstPending++;
    }
    this.wake();
  }

  private untilCaughtUp(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resume = () => (this.failure ? reject(this.failure) : resolve());
    });
  }

  private wake() {
    if (this.failure || this.pending.length < BATCHES_IN_FLIGHT) {
      const resume = this.resume;
      this.resume = undefined;
      resume?.();
    }
  }
}
