// ClamAV's daemon as the virus scanner, over its INSTREAM command: "zINSTREAM\0", then the bytes in chunks each
// after its length (4 bytes, big-endian), then a chunk of length 0; clamd answers one NUL-ended line and closes.
// Ferry's own client rather than an npm one: the protocol is these few lines, and what Ferry needs of it is the
// backpressure (a write waits for the socket to drain) and the verdict asked for when the caller chooses, which
// the npm clients (clamscan's passthrough: a stream that reports by events) do not give as such.
import net from 'node:net';
import type { ClamdAddress } from '../config/clamd-address.js';
import { ScanFailure, type ScanSession, type ScanVerdict, type VirusScanner } from './scanner.js';

/** The address as a log line says it. */
export const describeClamdAddress = (address: ClamdAddress) =>
  'path' in address ? address.path : `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;

/** clamd's answers are a line: more than this is not clamd speaking. */
const MAX_REPLY = 4096;
const END_OF_STREAM = Buffer.alloc(4);

export class ClamdScanner implements VirusScanner {
  /** `timeoutMs`: how long clamd may take to accept the connection, and to answer once the last byte is sent. */
  constructor(
    private readonly address: ClamdAddress,
    private readonly timeoutMs: number,
  ) {}

  open(): ScanSession {
    return new ClamdSession(this.address, this.timeoutMs);
  }
}

class ClamdSession implements ScanSession {
  private readonly socket: net.Socket;
  /** Settles once: clamd's answer, or why there is none. */
  private readonly answer: Promise<ScanVerdict>;
  private failure: ScanFailure | undefined;
  private ended = false;
  /** clamd closed the connection while the bytes were sent: why is being asked (answer). */
  private cut = false;
  /** A write waiting for the socket to drain: the scan's failure fails it too. */
  private waiting: { resolve(): void; reject(err: ScanFailure): void } | undefined;

  constructor(
    private readonly address: ClamdAddress,
    private readonly timeoutMs: number,
  ) {
    this.socket = net.connect(address);
    // Idle time counts only while Ferry waits on clamd: connecting, then the verdict. In between, the bytes come at
    // the uploader's pace (clamd's own ReadTimeout bounds that wait on its side).
    this.socket.setTimeout(timeoutMs);
    // (A file small enough to be sent whole before the connection is made is waiting on the verdict already.)
    this.socket.once('connect', () => this.ended || this.socket.setTimeout(0));
    this.answer = new Promise<ScanVerdict>((resolve, reject) => {
      let reply = Buffer.alloc(0);
      const fail = (failure: ScanFailure) => {
        this.failure ??= failure;
        this.socket.destroy();
        this.waiting?.reject(this.failure);
        reject(this.failure);
      };
      this.socket.on('data', (chunk: Buffer) => {
        reply = Buffer.concat([reply, chunk]);
        const end = reply.indexOf(0);
        if (end < 0 && reply.length < MAX_REPLY) return;
        const line = reply
          .subarray(0, end < 0 ? MAX_REPLY : end)
          .toString('utf8')
          .trim();
        try {
          const verdict = verdictOf(line);
          // A verdict before the end is not one: clamd scans only once the stream is whole.
          if (!this.ended) throw new ScanFailure('failed', `clamd answered before the end of the file: ${line}`);
          this.socket.destroy();
          resolve(verdict);
        } catch (err) {
          fail(err as ScanFailure);
        }
      });
      this.socket.once('timeout', () => {
        const phase = this.socket.connecting ? 'accept the connection' : 'answer';
        fail(new ScanFailure('timeout', `clamd at ${this.where} did not ${phase} within ${this.timeoutMs} ms`));
      });
      this.socket.once('error', (err: NodeJS.ErrnoException) => {
        if (!this.socket.connecting && !this.ended && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) {
          // clamd says "size limit exceeded" and closes; the write that fails next takes its line with the socket.
          // A clamd that still answers closed this stream for its size; one that does not has gone.
          this.cut = true;
          void answers(address, timeoutMs).then((alive) =>
            fail(
              alive
                ? new ScanFailure('size_limit', 'clamd closed the stream before its end: the file is larger than its StreamMaxLength')
                : new ScanFailure('unreachable', `clamd at ${this.where} went away during the scan`),
            ),
          );
          return;
        }
        const reason = this.socket.connecting || err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'unreachable' : 'failed';
        fail(new ScanFailure(reason, `clamd at ${this.where}: ${err.code ?? err.message}`));
      });
      this.socket.once('close', () => {
        if (!this.cut) fail(new ScanFailure('failed', `clamd at ${this.where} closed the connection without a verdict`));
      });
    });
    this.answer.catch(() => undefined);
    this.socket.on('drain', () => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve();
    });
    this.socket.write('zINSTREAM\0');
  }

  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.cut) return new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    // A chunk of length 0 would end the stream.
    if (chunk.length === 0) return undefined;
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32BE(chunk.length);
    this.socket.write(length);
    if (this.socket.write(chunk)) return undefined;
    return new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  verdict(): Promise<ScanVerdict> {
    if (!this.ended && !this.failure && !this.cut) {
      this.ended = true;
      this.socket.setTimeout(this.timeoutMs);
      this.socket.write(END_OF_STREAM);
    }
    return this.answer;
  }

  abort(): void {
    this.failure ??= new ScanFailure('failed', 'scan given up: the bytes stopped coming');
    this.socket.destroy();
  }

  private get where(): string {
    return describeClamdAddress(this.address);
  }
}

/** clamd's line: `stream: OK`, `stream: <signature> FOUND`, or `<what> ERROR`. */
function verdictOf(line: string): ScanVerdict {
  if (line === 'stream: OK') return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { infected: true, signature: found[1]! };
  if (/size limit exceeded/i.test(line)) {
    throw new ScanFailure('size_limit', 'the file is larger than clamd scans (its StreamMaxLength)');
  }
  throw new ScanFailure('failed', `clamd answered: ${line || '(nothing)'}`);
}

/** Whether clamd answers PING with PONG within `timeoutMs`. */
export function answers(address: ClamdAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let reply = '';
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\0') || reply.length > MAX_REPLY) done(reply.startsWith('PONG'));
    });
    socket.write('zPING\0');
  });
}
