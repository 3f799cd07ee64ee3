// Plik-API client pieces for the benchmark: create an upload, stream a generated file up, download and check it.
import { randomBytes } from 'node:crypto';
import { get, request, type Agent } from 'node:http';
import { Readable } from 'node:stream';

export const FILE_NAME = 'bench.bin';

export interface BenchUpload {
  id: string;
  uploadToken: string;
}

export interface BenchFile {
  id: string;
  fileName: string;
  fileSize: number;
  status: string;
}

export async function createUpload(base: URL): Promise<BenchUpload> {
  const res = await fetch(new URL('upload', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /upload answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as Partial<BenchUpload>;
  if (!body.id || !body.uploadToken) throw new Error(`POST /upload answered without id or uploadToken: ${text}`);
  return { id: body.id, uploadToken: body.uploadToken };
}

/**
 * The file's bytes, made on the fly: the same chunk over and over, so a 5 GiB file costs the bench
 * 1 MiB of memory and no disk. One push per read() call lets a slow socket pause generation.
 */
export function generatedBytes(size: number, chunk: Buffer): Readable {
  let remaining = size;
  return new Readable({
    highWaterMark: chunk.length,
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(remaining, chunk.length);
      remaining -= n;
      // The last piece is a prefix so that byte i of the file is always chunk[i % chunk.length].
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** POST /file/:id with a multipart body streamed from generatedBytes(); resolves with Ferry's answer. */
export function uploadFile(base: URL, upload: BenchUpload, size: number, chunk: Buffer, fileName = FILE_NAME): Promise<BenchFile> {
  const boundary = `ferry-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`file/${upload.id}`, base);

  return new Promise((resolve, reject) => {
    const body = generatedBytes(size, chunk);
    const req = request(url, {
      method: 'POST',
      // A known length rather than chunked encoding: this is what browsers and the plik client send.
      headers: {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': head.length + size + tail.length,
        'X-UploadToken': upload.uploadToken,
      },
    });
    const fail = (err: Error) => {
      body.destroy();
      req.destroy();
      reject(err);
    };
    req.on('error', (err) => fail(new Error(`POST ${url.pathname} failed: ${err.message}`)));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (text += data));
      res.on('error', (err) => fail(err));
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(new Error(`POST ${url.pathname} answered ${res.statusCode}: ${text.trim()}`));
        try {
          resolve(JSON.parse(text) as BenchFile);
        } catch {
          fail(new Error(`POST ${url.pathname} answered non-JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.write(head);
    // end: false, because the closing boundary still has to follow the file's bytes.
    body.pipe(req, { end: false });
    body.on('end', () => req.end(tail));
  });
}

export interface DownloadResult {
  bytes: number;
  ms: number;
}

/**
 * GET a file and discard its bytes, counting them and comparing them with the generated pattern
 * (a memcmp per chunk: cheap next to the network, and it catches corruption, not just truncation).
 */
export function downloadFile(url: URL, size: number, chunk: Buffer, agent?: Agent): Promise<DownloadResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = get(url, agent ? { agent } : {}, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (data: string) => (text += data));
        res.on('end', () => reject(new Error(`GET ${url.pathname} answered ${res.statusCode}: ${text.trim().slice(0, 200)}`)));
        return;
      }
      let received = 0;
      let corruptAt = -1;
      res.on('data', (data: Buffer) => {
        if (corruptAt < 0 && !matchesPattern(data, received, chunk)) corruptAt = received;
        received += data.length;
      });
      res.on('error', (err) => reject(new Error(`GET ${url.pathname} failed after ${received} bytes: ${err.message}`)));
      res.on('end', () => {
        const ms = performance.now() - started;
        if (!res.complete) return reject(new Error(`GET ${url.pathname} was cut after ${received} of ${size} bytes`));
        if (received !== size) return reject(new Error(`GET ${url.pathname} sent ${received} bytes, expected ${size}`));
        if (corruptAt >= 0) return reject(new Error(`GET ${url.pathname} sent wrong bytes near offset ${corruptAt}`));
        resolve({ bytes: received, ms });
      });
    });
    req.on('error', (err) => reject(new Error(`GET ${url.pathname} failed: ${err.message}`)));
  });
}

/** Reads a body to its end, as downloadFile() does: it must be the generated file, byte for byte. */
export async function readGenerated(body: AsyncIterable<Uint8Array>, size: number, chunk: Buffer, what: string): Promise<void> {
  let received = 0;
  for await (const part of body) {
    const data = Buffer.from(part.buffer, part.byteOffset, part.length);
    if (!matchesPattern(data, received, chunk)) throw new Error(`${what} sent wrong bytes near offset ${received}`);
    received += data.length;
  }
  if (received !== size) throw new Error(`${what} sent ${received} bytes, expected ${size}`);
}

/** Whether `data`, found at `offset` in the file, equals the repeated chunk there. */
function matchesPattern(data: Buffer, offset: number, chunk: Buffer): boolean {
  let done = 0;
  while (done < data.length) {
    const at = (offset + done) % chunk.length;
    const n = Math.min(data.length - done, chunk.length - at);
    if (data.compare(chunk, at, at + n, done, done + n) !== 0) return false;
    done += n;
  }
  return true;
}

export function fileUrl(base: URL, upload: BenchUpload, file: BenchFile): URL {
  return new URL(`file/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`, base);
}

/** DELETE the file so that its bytes leave the disk before the next, bigger one arrives. */
export async function removeFile(base: URL, upload: BenchUpload, file: BenchFile): Promise<void> {
  const res = await fetch(fileUrl(base, upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`DELETE file answered ${res.status}: ${text.trim()}`);
}
