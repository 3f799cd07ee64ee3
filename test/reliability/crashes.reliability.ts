// Crashes: a Ferry child process killed with SIGKILL mid-upload and mid-download, then restarted on the same data
// folder. Nothing partial is ever served as whole, the metadata stays sound, and the leftovers are cleaned up.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryProcess } from '../../bench/server.js';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import { generatedBytes } from '../../bench/transfer.js';
import { fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { tally } from './tally.js';

const ROUNDS = 2;
const MiB = 1024 * 1024;

let dataDir: string;
let ferry: FerryProcess;
const base = () => ferry.base.href.replace(/\/$/, '');
// The source in the working tree, run through tsx: what is tested is what is being changed.
const start = () => startFerry(dataDir, { fromSource: true, options: { CleanupInterval: '3600' } });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-crash-'));
  ferry = await start();
});
afterAll(async () => {
  await ferry?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function restartAfterKill(): Promise<void> {
  await ferry.kill();
  ferry = await start();
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

const createUpload = async (body: object) =>
  json<UploadJson>(await fetch(`${base()}/upload`, { method: 'POST', body: JSON.stringify(body) }));

async function addFile(upload: UploadJson, content: Buffer, name: string, fileId?: string): Promise<FileJson> {
  const url = fileId ? `${base()}/file/${upload.id}/${fileId}/${name}` : `${base()}/file/${upload.id}`;
  return json<FileJson>(
    await fetch(url, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile(new Uint8Array(content), name),
    }),
  );
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

async function partialFiles(): Promise<{ name: string; size: number }[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const partial = entries.filter((e) => e.isFile() && e.name.endsWith('.partial'));
  return Promise.all(partial.map(async (e) => ({ name: e.name, size: (await stat(path.join(e.parentPath, e.name))).size })));
}

/** Sends the head of a big upload and as many bytes as it takes for the partial file to hold some, then leaves it hanging. */
function startHangingUpload(upload: UploadJson, fileId: string, name: string): Promise<http.ClientRequest> {
  const size = 256 * MiB;
  const head = `--cut\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`;
  const request = http.request(`${base()}/file/${upload.id}/${fileId}/${name}`, {
    method: 'POST',
    headers: {
      'X-UploadToken': upload.uploadToken!,
      'Content-Type': 'multipart/form-data; boundary=cut',
      'Content-Length': head.length + size + 8,
    },
  });
  request.on('error', () => undefined); // the server is about to die under it
  request.write(head);
  generatedBytes(size, randomBytes(MiB)).pipe(request, { end: false });
  return expect
    .poll(async () => (await partialFiles()).some((f) => f.size >= 4 * MiB), { timeout: 20_000 })
    .toBe(true)
    .then(() => request);
}

/** Starts a download, takes its first bytes, then stops reading: the server is mid-response when it dies. */
function startHangingDownload(url: string): Promise<{ status: number; received: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.once('data', (chunk: Buffer) => {
          response.pause();
          response.on('error', () => undefined);
          resolve({ status: response.statusCode ?? 0, received: chunk.length });
        });
      })
      .on('error', reject);
  });
}

describe('kill -9 of a Ferry process, then a restart on the same data folder', () => {
  it('mid-upload: the file is missing, never served, no partial data stays, and it can be sent again', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const before = randomBytes(2 * MiB);
      const kept = await createUpload({});
      const keptFile = await addFile(kept, before, 'before.bin');
      const upload = await createUpload({ files: [{ fileName: 'big.bin' }] });
      const declared = upload.files[0]!;
      const hanging = await startHangingUpload(upload, declared.id, 'big.bin');

      await restartAfterKill();
      hanging.destroy();
      const shown = await json<UploadJson>(await fetch(`${base()}/upload/${upload.id}`));
      expect(shown.files).toEqual([expect.objectContaining({ id: declared.id, status: 'missing' })]);
      const served = await fetch(fileUrl(base(), upload, declared));
      await served.arrayBuffer();
      expect(served.status).toBe(404);
      expect(await partialFiles()).toEqual([]);
      // What was whole before the crash still is.
      const keptBytes = Buffer.from(await (await fetch(fileUrl(base(), kept, keptFile))).arrayBuffer());
      expect(md5(keptBytes)).toBe(md5(before));
      // And the declared file takes its bytes now.
      const again = randomBytes(MiB);
      const sent = await addFile(upload, again, 'big.bin', declared.id);
      expect(sent).toMatchObject({ status: 'uploaded', fileSize: MiB, fileMd5: md5(again) });
      tally(context, 'crashes');
    }
  });

  it('mid-download: a oneShot file keeps its one download, a plain file stays whole', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const content = randomBytes(64 * MiB);
      const once = await createUpload({ oneShot: true });
      const onceFile = await addFile(once, content, 'once.bin');
      const plain = await createUpload({});
      const plainFile = await addFile(plain, content, 'plain.bin');
      const started = await Promise.all([
        startHangingDownload(fileUrl(base(), once, onceFile)),
        startHangingDownload(fileUrl(base(), plain, plainFile)),
      ]);
      for (const s of started) expect(s.status).toBe(200);

      await restartAfterKill();
      for (const [upload, file] of [
        [once, onceFile],
        [plain, plainFile],
      ] as const) {
        const shown = await json<UploadJson>(await fetch(`${base()}/upload/${upload.id}`));
        expect(shown.files[0]).toMatchObject({ id: file.id, status: 'uploaded', fileSize: content.length });
        const response = await fetch(fileUrl(base(), upload, file));
        expect(response.status).toBe(200);
        expect(md5(Buffer.from(await response.arrayBuffer()))).toBe(md5(content));
      }
      // The oneShot download that completed now was the one: the file is gone.
      const second = await fetch(fileUrl(base(), once, onceFile));
      await second.arrayBuffer();
      expect(second.status).toBe(404);
      tally(context, 'crashes');
    }
  });

  it('leaves a sound SQLite database', async () => {
    await ferry.stop();
    const db = await openEmbeddedSqlite(path.join(dataDir, 'ferry.db'), { readOnly: true });
    try {
      expect(db.prepare('pragma integrity_check').all([])).toEqual([{ integrity_check: 'ok' }]);
      expect(db.prepare("select count(*) as n from files where status = 'uploading'").all([])).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
    ferry = await start();
  });
});
