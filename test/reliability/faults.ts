// What the fault tests (a store's outage, a lost instance) share: transfers held open across the fault, the check
// that every file a client was told is whole still is, and the answer a request gets while a store is away.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, type TestContext } from 'vitest';
import { fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { tally } from './tally.js';

export const MiB = 1024 * 1024;
/** A request during an outage must be answered within this: a clear error, not a hang. */
export const ANSWER_MS = 10_000;

export const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

export async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

export const createUpload = async (base: string, body: object = {}) =>
  json<UploadJson>(await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(ANSWER_MS) }));

export async function sendFile(base: string, upload: UploadJson, content: Uint8Array<ArrayBuffer>, name: string): Promise<Response> {
  return fetch(`${base}/file/${upload.id}`, {
    method: 'POST',
    headers: { 'X-UploadToken': upload.uploadToken! },
    body: multipartFile(content, name),
    signal: AbortSignal.timeout(ANSWER_MS),
  });
}

/** A file the client was told is whole (200 with status uploaded), with the bytes it sent. */
export interface SentFile {
  upload: UploadJson;
  file: FileJson;
  content: Buffer;
}

export async function uploadFile(base: string, content: Buffer, name: string, options: object = {}): Promise<SentFile> {
  const upload = await createUpload(base, options);
  const file = await json<FileJson>(await sendFile(base, upload, new Uint8Array(content), name));
  expect(file.status).toBe('uploaded');
  return { upload, file, content };
}

/** Several files of random bytes, uploaded before a fault: the ones that must all come back after it. */
export async function uploadSome(base: string, count: number, size: number): Promise<SentFile[]> {
  const sent: SentFile[] = [];
  for (let i = 0; i < count; i++) sent.push(await uploadFile(base, randomBytes(size), `kept-${i}.bin`));
  return sent;
}

/**
 * Downloads each file and compares it with what was sent; counts the files checked and those lost (not served
 * whole), then expects none lost. `base` may be another instance's than the one they were sent to.
 */
export async function expectAllWhole(context: TestContext, base: string, files: readonly SentFile[]): Promise<void> {
  const lost: string[] = [];
  for (const { upload, file, content } of files) {
    const response = await fetch(fileUrl(base, upload, file), { signal: AbortSignal.timeout(ANSWER_MS) });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 || md5(body) !== md5(content)) lost.push(`${file.fileName}: ${response.status}, ${body.length} bytes`);
  }
  tally(context, 'filesChecked', files.length);
  tally(context, 'lost', lost.length);
  expect(lost).toEqual([]);
}

/**
 * Every file of `uploadIds` that the server shows as uploaded downloads whole: its size and MD5 are those it shows.
 * Files it shows otherwise (missing, removed) are not served. Counts the files checked and lost.
 */
export async function expectNoHalfFiles(context: TestContext, base: string, uploadIds: readonly string[]): Promise<void> {
  const half: string[] = [];
  let checked = 0;
  for (const id of uploadIds) {
    const upload = await json<UploadJson>(await fetch(`${base}/upload/${id}`, { signal: AbortSignal.timeout(ANSWER_MS) }));
    for (const file of upload.files) {
      checked++;
      const response = await fetch(fileUrl(base, upload, file), { signal: AbortSignal.timeout(ANSWER_MS) });
      const body = Buffer.from(await response.arrayBuffer());
      if (file.status !== 'uploaded') {
        if (response.status === 200) half.push(`${file.fileName}: ${file.status}, yet served`);
      } else if (response.status !== 200 || body.length !== file.fileSize || md5(body) !== file.fileMd5) {
        half.push(`${file.fileName}: uploaded, served ${response.status} with ${body.length} of ${file.fileSize} bytes`);
      }
    }
  }
  tally(context, 'filesChecked', checked);
  tally(context, 'lost', half.length);
  expect(half).toEqual([]);
}

/**
 * An upload under way when the fault came, ended after it: it completed (the file is whole, and returned to be
 * checked with the rest) or answered 503 and was cleaned up (the caller checks that nothing half is shown).
 */
export function completedOrRefused(ended: { status: number; body: string }, sent: { upload: UploadJson; content: Buffer }): SentFile[] {
  expect([200, 503], ended.body).toContain(ended.status);
  return ended.status === 200 ? [{ ...sent, file: JSON.parse(ended.body) as FileJson }] : [];
}

/** The rest of a download cut short after `received`, from `base` with a Range: together they are the file. */
export async function expectResumed(base: string, { upload, file, content }: SentFile, received: Buffer): Promise<void> {
  expect(received.length).toBeLessThan(content.length);
  const rest = await fetch(fileUrl(base, upload, file), {
    headers: { Range: `bytes=${received.length}-` },
    signal: AbortSignal.timeout(ANSWER_MS),
  });
  expect(rest.status).toBe(206);
  expect(md5(Buffer.concat([received, Buffer.from(await rest.arrayBuffer())]))).toBe(md5(content));
}

/** What a request got while a store was away: its status, how long it took, and what it said. */
export interface Answer {
  status: number;
  ms: number;
  body: string;
  retryAfter: string | null;
}

export async function answerOf(request: () => Promise<Response>): Promise<Answer> {
  const started = performance.now();
  const response = await request();
  const body = await response.text();
  return { status: response.status, ms: Math.round(performance.now() - started), body, retryAfter: response.headers.get('retry-after') };
}

/** The answer Ferry must give while a store it depends on is away: 503, soon, saying so, with Retry-After. */
export function expectUnavailable(answer: Answer, store: RegExp): void {
  expect(answer, JSON.stringify(answer)).toMatchObject({ status: 503, body: expect.stringMatching(store) });
  expect(answer.ms).toBeLessThan(ANSWER_MS);
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
}

/** Polls `request` until it answers 200: how long the service took to come back by itself. */
export async function waitForRecovery(request: () => Promise<Response>, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = await request().then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (status === 200) return Math.round(performance.now() - started);
    if (performance.now() - started > timeoutMs) throw new Error(`no recovery within ${timeoutMs} ms (last status ${status})`);
    await sleep(100);
  }
}

/** An upload whose body is sent in two halves: the head now, the rest when the test says (across a fault). */
export interface HeldUpload {
  /** Sends the rest; resolves with the answer, or status 0 when the connection was cut. */
  finish(): Promise<{ status: number; body: string }>;
}

export async function holdUpload(base: string, upload: UploadJson, name: string, content: Buffer): Promise<HeldUpload> {
  const head = Buffer.from(`--cut\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`);
  const tail = Buffer.from('\r\n--cut--\r\n');
  const request = http.request(`${base}/file/${upload.id}`, {
    method: 'POST',
    headers: {
      'X-UploadToken': upload.uploadToken!,
      'Content-Type': 'multipart/form-data; boundary=cut',
      'Content-Length': head.length + content.length + tail.length,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => void (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve({ status: 0, body }));
    });
    request.on('error', () => resolve({ status: 0, body: '' }));
  });
  const half = content.length / 2;
  request.write(Buffer.concat([head, content.subarray(0, half)]));
  // Let the first half reach the server before the fault.
  await sleep(200);
  return {
    finish: () => {
      request.end(Buffer.concat([content.subarray(half), tail]));
      return answer;
    },
  };
}

/** A download that took its first bytes and stopped reading; `finish` reads the rest (across a fault). */
export interface HeldDownload {
  status: number;
  finish(): Promise<Buffer>;
}

export function holdDownload(url: string, headers: Record<string, string> = {}): Promise<HeldDownload> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.once('data', (chunk: Buffer) => {
          chunks.push(chunk);
          response.pause();
          const rest = new Promise<Buffer>((done) => {
            response.on('data', (more: Buffer) => chunks.push(more));
            response.on('end', () => done(Buffer.concat(chunks)));
            // Cut short: what came is what the client has, to be resumed with a Range.
            response.on('error', () => done(Buffer.concat(chunks)));
            response.on('aborted', () => done(Buffer.concat(chunks)));
          });
          resolve({
            status: response.statusCode ?? 0,
            finish: () => {
              response.resume();
              return rest;
            },
          });
        });
      })
      .on('error', reject);
  });
}

/** An upload not yet whole: where it goes and the bytes it will have sent. */
export interface UnsentFile {
  upload: UploadJson;
  content: Buffer;
}

/** Transfers under way when a fault comes: an upload to end during it, one to end after it, a big file being read. */
export interface TransfersUnderWay {
  big: SentFile;
  during: UnsentFile & { held: HeldUpload };
  across: UnsentFile & { held: HeldUpload };
  reading: HeldDownload;
}

export async function startTransfers(base: string, uploadSize: number, downloadSize: number): Promise<TransfersUnderWay> {
  const big = await uploadFile(base, randomBytes(downloadSize), 'big.bin');
  const held = async (name: string) => {
    const unsent = { upload: await createUpload(base), content: randomBytes(uploadSize) };
    return { ...unsent, held: await holdUpload(base, unsent.upload, name, unsent.content) };
  };
  const during = await held('during.bin');
  const across = await held('across.bin');
  const reading = await holdDownload(fileUrl(base, big.upload, big.file));
  expect(reading.status).toBe(200);
  return { big, during, across, reading };
}
