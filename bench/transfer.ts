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
 * 1 MiB of memory and no disk. One push per read() call lets a slow socket pause generation. `from`: the bytes of
 * the file from that offset on (a resumable upload's piece), `size` of them.
 */
export function generatedBytes(size: number, chunk: Buffer, from = 0): Readable {
  let position = from;
  const end = from + size;
  return new Readable({
    highWaterMark: chunk.length,
    read() {
      if (position >= end) {
        this.push(null);
        return;
      }
      // Byte i of the file is always chunk[i % chunk.length], whichever piece it is sent in.
      const at = position % chunk.length;
      const n = Math.min(end - position, chunk.length - at);
      position += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(at, at + n));
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

/**
 * The same file through tus 1.0 (Ferry's resumable uploads): created with its length, then sent in PATCHes of
 * `pieceSize`, each a request of its own streamed from generatedBytes(); resolves with the file once the last is in.
 */
export async function tusUploadFile(base: URL, upload: BenchUpload, size: number, chunk: Buffer, pieceSize: number): Promise<BenchFile> {
  const metadata = Object.entries({ upload: upload.id, filename: FILE_NAME })
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  const created = await fetch(new URL('tus/', base), {
    method: 'POST',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(size), 'Upload-Metadata': metadata, 'X-UploadToken': upload.uploadToken },
  });
  const location = created.headers.get('location');
  if (created.status !== 201 || !location) throw new Error(`tus creation answered ${created.status}: ${(await created.text()).trim()}`);
  const url = new URL(location, base);
  for (let offset = 0; offset < size; offset += pieceSize) {
    await tusPatch(url, upload, offset, Math.min(pieceSize, size - offset), chunk);
  }
  const id = url.pathname.split('/').at(-1)!;
  const answer = await fetch(new URL(`upload/${upload.id}`, base), { headers: { 'X-UploadToken': upload.uploadToken } });
  const listed = (await answer.json()) as { files?: BenchFile[] };
  const file = listed.files?.find((f) => f.id === id);
  if (!file) throw new Error(`the upload does not list the tus file ${id}`);
  return file;
}

/** One PATCH of the file's `length` bytes from `offset`; it must answer 204 with the offset moved past them. */
function tusPatch(url: URL, upload: BenchUpload, offset: number, length: number, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = generatedBytes(length, chunk, offset);
    const req = request(url, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': length,
        'Upload-Offset': String(offset),
        'X-UploadToken': upload.uploadToken,
      },
    });
    const fail = (err: Error) => {
      body.destroy();
      req.destroy();
      reject(err);
    };
    req.on('error', (err) => fail(new Error(`PATCH ${url.pathname} at ${offset} failed: ${err.message}`)));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (text += data));
      res.on('error', fail);
      res.on('end', () => {
        const reached = Number(res.headers['upload-offset']);
        if (res.statusCode !== 204 || reached !== offset + length) {
          return fail(new Error(`PATCH ${url.pathname} at ${offset} answered ${res.statusCode}, offset ${reached}: ${text.trim()}`));
        }
        resolve();
      });
    });
    body.pipe(req);
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
