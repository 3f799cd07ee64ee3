// Resumable uploads across processes: a Ferry killed with SIGKILL in the middle of a PATCH and started again on the
// same data and database goes on from the durable offset; two Ferry processes on PostgreSQL and S3 take the pieces
// of one upload in turn. Each ends byte-exact, its MD5 computed across the processes as the bytes arrived.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryProcess } from '../../bench/server.js';
import { BACKEND } from '../helpers/backends.js';
import { createTestStorage, type TestStorage } from '../helpers/ferry.js';
import { createUpload, fileUrl, type UploadJson } from '../helpers/plik-client.js';
import { tusCreate, tusOffset, tusPatch } from '../helpers/tus-client.js';

const MiB = 1024 * 1024;
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const baseOf = (ferry: FerryProcess) => ferry.base.href.replace(/\/$/, '');
/** The same file's tus URL on another instance. */
const on = (ferry: FerryProcess, location: string) => `${baseOf(ferry)}${new URL(location).pathname}`;

const running: FerryProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((ferry) => ferry.stop()));
});
async function started(dataDir: string, options: Record<string, string> = {}): Promise<FerryProcess> {
  // The source in the working tree, run through tsx: what is tested is what is being changed.
  const ferry = await startFerry(dataDir, { fromSource: true, options: { CleanupInterval: '3600', ...options } });
  running.push(ferry);
  return ferry;
}

/** Expects the upload's file whole and byte-exact, read through `ferry`. */
async function expectWhole(ferry: FerryProcess, upload: UploadJson, location: string, content: Buffer) {
  const listed = (await (
    await fetch(`${baseOf(ferry)}/upload/${upload.id}`, { headers: { 'X-UploadToken': upload.uploadToken! } })
  ).json()) as UploadJson;
  const file = listed.files.find((f) => f.id === location.split('/').at(-1))!;
  expect(file).toMatchObject({ status: 'uploaded', fileSize: content.length, fileMd5: md5(content) });
  const download = Buffer.from(await (await fetch(fileUrl(baseOf(ferry), upload, file))).arrayBuffer());
  expect(download.equals(content)).toBe(true);
}

/** Options that point a Ferry process at `storage`, as -o values (tables as JSON). */
const optionsOf = (storage: TestStorage) =>
  Object.fromEntries(
    Object.entries({ ...storage.options, MaxFileSize: '10GB' })
      .filter(([name]) => name !== 'DataDir')
      .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );

describe.skipIf(BACKEND !== 'sqlite')('a Ferry killed in the middle of a PATCH', () => {
  // The file store makes each 4 MiB durable, S3 each part of 5 MiB: 11 MiB sent, then the request hangs.
  it.each([
    { data: 'file' as const, durable: [4 * MiB, 8 * MiB] },
    { data: 's3' as const, durable: [5 * MiB, 10 * MiB] },
  ])(
    'gives the durable offset after its restart on the $data store, and the upload finishes byte-exact',
    async ({ data, durable }) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-tus-kill-'));
      const storage = await createTestStorage({ dataDir, data });
      try {
        let ferry = await started(dataDir, optionsOf(storage));
        const upload = await createUpload(baseOf(ferry));
        const content = randomBytes(12 * MiB);
        const location = await tusCreate(baseOf(ferry), upload, content.length);

        const hanging = http.request(location, {
          method: 'PATCH',
          headers: {
            'Tus-Resumable': '1.0.0',
            'Upload-Offset': '0',
            'Content-Type': 'application/offset+octet-stream',
            'Content-Length': content.length,
            'X-UploadToken': upload.uploadToken!,
          },
        });
        hanging.on('error', () => undefined); // the server dies under it
        hanging.write(content.subarray(0, 11 * MiB));
        await expect.poll(() => tusOffset(location, upload), { timeout: 20_000 }).toBeGreaterThanOrEqual(durable[0]!);
        await ferry.kill();
        hanging.destroy();

        ferry = await started(dataDir, optionsOf(storage));
        const here = on(ferry, location);
        const offset = await tusOffset(here, upload);
        expect(durable).toContain(offset);
        const rest = await tusPatch(here, upload, offset, new Uint8Array(content.subarray(offset)));
        expect(rest.status, await rest.text()).toBe(204);
        await expectWhole(ferry, upload, location, content);
      } finally {
        await storage.release();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe.skipIf(BACKEND !== 'postgres')('two Ferry processes on PostgreSQL and S3', () => {
  it('take the pieces of one upload in turn, and either serves the file byte-exact', { timeout: 60_000 }, async () => {
    const storage = await createTestStorage({ backend: 'postgres', data: 's3' });
    try {
      const options = optionsOf(storage);
      const [a, b] = await Promise.all([started(storage.dataDir, options), started(storage.dataDir, options)]);
      const upload = await createUpload(baseOf(a!));
      // Pieces of 3 MiB over parts of 5 MiB: every PATCH leaves bytes that fill no part, for the other process to go on.
      const piece = 3 * MiB;
      const content = randomBytes(4 * piece + 1000);
      const location = await tusCreate(baseOf(a!), upload, content.length);
      for (let offset = 0, turn = 0; offset < content.length; offset += piece, turn++) {
        const via = turn % 2 ? a! : b!;
        const other = turn % 2 ? b! : a!;
        expect(await tusOffset(on(via, location), upload)).toBe(offset);
        const answer = await tusPatch(on(via, location), upload, offset, new Uint8Array(content.subarray(offset, offset + piece)));
        expect(answer.status, await answer.text()).toBe(204);
        expect(await tusOffset(on(other, location), upload)).toBe(Math.min(offset + piece, content.length));
      }
      await expectWhole(a!, upload, location, content);
      await expectWhole(b!, upload, location, content);
      // No multipart upload or tail object is left behind: the bucket holds the file alone.
      expect((await storage.bucket!.keys()).filter((key) => key.includes(upload.id))).toHaveLength(1);
    } finally {
      await storage.release();
    }
  });
});
