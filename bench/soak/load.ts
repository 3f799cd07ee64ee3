// The soak's mixed load on one Ferry, at a bounded rate: uploads (some expiring within seconds, some oneShot), downloads
// checked byte for byte, zips, metadata reads, sign-ins and sign-outs, deletions, and reads of expired uploads once
// the sweep (every CleanupInterval) has had time to purge them. Every answer is counted by status; a 5xx, a broken
// connection, bytes that differ from those sent or an answer the operation does not expect is a failure.
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Operations started per second, and at most this many at once: a steady load, not a benchmark. */
export const RATE_PER_SECOND = 8;
const CONCURRENCY = 4;
/** Uploads kept alive at once, the oldest deleted past it: the data stays bounded, so growth is not the data's. */
const LIVE_UPLOADS = 60;
/** A request that takes longer than this is a failure (a hang, not an answer). */
const ANSWER_MS = 30_000;
/** Seconds an expiring upload lives: long enough for its files to be sent on a busy machine. */
const SHORT_TTL = 60;

export const SIGN_IN = { login: 'soak', password: 'soak-password-not-secret-1' };

const OPERATIONS = ['upload', 'download', 'download', 'download', 'zip', 'metadata', 'metadata', 'signIn', 'expired', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];

interface LiveUpload {
  id: string;
  token: string;
  files: { id: string; name: string; md5: string; oneShot: boolean }[];
  expiresAt?: number;
}

export interface LoadTotals {
  /** Answers by operation and status. */
  answers: Record<string, Record<number, number>>;
  /** What went wrong, each once with a count. */
  failures: Record<string, number>;
  fiveXx: number;
  operations: number;
}

export class SoakLoad {
  readonly totals: LoadTotals = { answers: {}, failures: {}, fiveXx: 0, operations: 0 };
  private readonly live: LiveUpload[] = [];
  private readonly expiring: LiveUpload[] = [];
  private inFlight = 0;
  /** One sign-in at a time: each costs an argon2id hash, which a loaded machine's cores otherwise queue without end. */
  private signingIn = false;

  constructor(private readonly base: string) {}

  /** Runs until `endsAt` (Date.now()), then waits for the operations under way. */
  async run(endsAt: number): Promise<void> {
    const running = new Set<Promise<void>>();
    while (Date.now() < endsAt) {
      if (this.inFlight < CONCURRENCY) {
        const operation = OPERATIONS[Math.floor(Math.random() * OPERATIONS.length)]!;
        const done = this.perform(operation).finally(() => running.delete(done));
        running.add(done);
      }
      await sleep(1000 / RATE_PER_SECOND);
    }
    await Promise.all(running);
  }

  private async perform(operation: Operation): Promise<void> {
    this.inFlight++;
    this.totals.operations++;
    try {
      await this[operation]();
    } catch (err) {
      this.fail(`${operation}: ${(err as Error).message}`);
    } finally {
      this.inFlight--;
    }
  }

  private fail(what: string): void {
    this.totals.failures[what] = (this.totals.failures[what] ?? 0) + 1;
  }

  /** One request, its status counted; a status outside `expected` is a failure. */
  private async request(operation: string, path: string, expected: number[], init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), { ...init, signal: AbortSignal.timeout(ANSWER_MS) });
    const byStatus = (this.totals.answers[operation] ??= {});
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    if (response.status >= 500) this.totals.fiveXx++;
    if (!expected.includes(response.status)) {
      const body = await response.text();
      throw new Error(`${init.method ?? 'GET'} ${path.replace(/[\w-]{16,}/g, '…')}: ${response.status} ${body.slice(0, 80).trim()}`);
    }
    return response;
  }

  private pick(): LiveUpload | undefined {
    return this.live[Math.floor(Math.random() * this.live.length)];
  }

  private async upload(): Promise<void> {
    const expiring = Math.random() < 0.25;
    const oneShot = !expiring && Math.random() < 0.2;
    const created = (await (
      await this.request('upload', 'upload', [200], {
        method: 'POST',
        body: JSON.stringify(expiring ? { ttl: SHORT_TTL } : oneShot ? { oneShot: true } : {}),
      })
    ).json()) as { id: string; uploadToken: string };
    const upload: LiveUpload = { id: created.id, token: created.uploadToken, files: [] };
    for (let i = 0, count = 1 + Math.floor(Math.random() * 3); i < count; i++) {
      const content = randomBytes(1024 + Math.floor(Math.random() * 256 * 1024));
      const form = new FormData();
      form.append('file', new Blob([content]), `soak-${i}.bin`);
      const file = (await (
        await this.request('upload', `file/${upload.id}`, [200], { method: 'POST', headers: { 'X-UploadToken': upload.token }, body: form })
      ).json()) as { id: string; fileName: string; status: string };
      if (file.status !== 'uploaded') throw new Error(`a file answered 200 is ${file.status}`);
      upload.files.push({ id: file.id, name: file.fileName, md5: createHash('md5').update(content).digest('hex'), oneShot });
    }
    if (expiring) {
      this.expiring.push({ ...upload, expiresAt: Date.now() + SHORT_TTL * 1000 });
      return;
    }
    this.live.push(upload);
    if (this.live.length > LIVE_UPLOADS) await this.remove(this.live.shift()!);
  }

  private async download(): Promise<void> {
    const upload = this.pick();
    const file = upload?.files[Math.floor(Math.random() * upload.files.length)];
    if (!upload || !file) return;
    // A oneShot file is downloaded once: then it is gone, and the upload with it from the list.
    if (file.oneShot) this.live.splice(this.live.indexOf(upload), 1);
    const response = await this.request('download', `file/${upload.id}/${file.id}/${file.name}`, [200]);
    const md5 = createHash('md5')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
    if (md5 !== file.md5) throw new Error('a download differs from what was sent');
  }

  private async zip(): Promise<void> {
    const upload = this.live.find((u) => u.files.length > 1 && !u.files[0]!.oneShot);
    if (!upload) return;
    const response = await this.request('zip', `archive/${upload.id}/all.zip`, [200]);
    const zip = Buffer.from(await response.arrayBuffer());
    if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error('a zip does not begin with a local file header');
  }

  private async metadata(): Promise<void> {
    const upload = this.pick();
    if (upload) await (await this.request('metadata', `upload/${upload.id}`, [200])).arrayBuffer();
  }

  private async signIn(): Promise<void> {
    if (this.signingIn) return;
    this.signingIn = true;
    try {
      await this.signInOnce();
    } finally {
      this.signingIn = false;
    }
  }

  private async signInOnce(): Promise<void> {
    const response = await this.request('signIn', 'auth/local/login', [200], {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(SIGN_IN),
    });
    await response.arrayBuffer();
    const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const xsrf = cookies.find((c) => c.startsWith('plik-xsrf='))?.slice('plik-xsrf='.length);
    if (!xsrf) throw new Error('a sign-in set no XSRF cookie');
    const headers = { Cookie: cookies.join('; '), 'X-XSRFToken': xsrf };
    await (await this.request('signIn', 'me', [200], { headers })).arrayBuffer();
    await (await this.request('signIn', 'auth/logout', [200], { method: 'POST', headers })).arrayBuffer();
  }

  /** An upload past its TTL answers 404, swept or not; one swept has left the store too (the sweep's job). */
  private async expired(): Promise<void> {
    const upload = this.expiring[0];
    if (!upload || Date.now() < upload.expiresAt!) return;
    this.expiring.shift();
    await (await this.request('expired', `upload/${upload.id}`, [404])).arrayBuffer();
  }

  private async delete(): Promise<void> {
    if (this.live.length < LIVE_UPLOADS / 2) return;
    await this.remove(this.live.shift()!);
  }

  private async remove(upload: LiveUpload): Promise<void> {
    await (
      await this.request('delete', `upload/${upload.id}`, [200, 404], { method: 'DELETE', headers: { 'X-UploadToken': upload.token } })
    ).arrayBuffer();
  }
}
