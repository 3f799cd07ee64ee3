// Races: many clients at once on one file or one upload. Download limits hold exactly, and a file list
// that is added to and removed from in parallel always ends consistent with what the clients were told.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, multipartFile, rawMultipart, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { finding, tally } from './tally.js';

const PARALLEL = 50;
const ROUNDS = 4;

let ferry: TestFerry;
beforeAll(async () => {
  // The cleanup runs when a test says so; MaxFilePerUpload is low enough for a race to hit it.
  ferry = await startTestFerry({ CleanupInterval: 3600, MaxFilePerUpload: 12, LogLevel: 'error' });
});
afterAll(() => ferry.close());

interface Added {
  status: number;
  file?: FileJson;
  text: string;
}

async function add(upload: UploadJson, content: Buffer, name: string, fileId?: string): Promise<Added> {
  const url = fileId ? `${ferry.url}/file/${upload.id}/${fileId}/${encodeURIComponent(name)}` : `${ferry.url}/file/${upload.id}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'X-UploadToken': upload.uploadToken! },
    body: multipartFile(new Uint8Array(content), name),
  });
  const text = await response.text();
  return { status: response.status, text, file: response.status === 200 ? (JSON.parse(text) as FileJson) : undefined };
}

async function remove(upload: UploadJson, file: { id: string; fileName: string }): Promise<number> {
  const response = await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
  await response.arrayBuffer();
  return response.status;
}

/** GETs a URL and keeps the status and whole body (a download cut short would reject here). */
async function download(url: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

const listed = async (upload: UploadJson) => ((await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson).files;

/** Ids of the files whose bytes are on disk for this upload (the local store keeps <dir>/<xx>/<uploadId>/<fileId>). */
async function storedIds(upload: { id: string }): Promise<string[]> {
  return (await ferry.storedFiles())
    .map((file) => file.split(/[\\/]/))
    .filter((parts) => parts.at(-2) === upload.id)
    .map((parts) => parts.at(-1)!);
}

/** After a race and a cleanup: what GET /upload/:id says matches what is stored, and nothing is half-way. */
async function expectConsistent(upload: UploadJson, live: Map<string, Buffer>, gone: Set<string>): Promise<void> {
  await ferry.cleanup.run();
  const files = await listed(upload);
  const uploaded = files.filter((f) => f.status === 'uploaded');
  expect(uploaded.map((f) => f.id).sort()).toEqual([...live.keys()].sort());
  for (const file of files) {
    if (gone.has(file.id)) expect(['removed', 'deleted']).toContain(file.status);
    // Nothing is left stuck between states once every request has been answered.
    expect(['uploaded', 'removed', 'deleted']).toContain(file.status);
  }
  expect((await storedIds(upload)).sort()).toEqual([...live.keys()].sort());
  for (const file of uploaded) {
    const { status, body } = await download(fileUrl(ferry.url, upload, file));
    expect(status).toBe(200);
    expect(body.equals(live.get(file.id)!)).toBe(true);
  }
}

describe('download limits under 50 parallel downloads', () => {
  it('let exactly one oneShot download through, then the data is gone', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const upload = await createUpload(ferry.url, { oneShot: true });
      // Large enough that the downloads overlap rather than run one after another.
      const content = randomBytes(512 * 1024);
      const { file } = await add(upload, content, 'once.bin');
      const results = await Promise.all(Array.from({ length: PARALLEL }, () => download(fileUrl(ferry.url, upload, file!))));
      const served = results.filter((r) => r.status === 200);
      expect(served).toHaveLength(1);
      expect(served[0]!.body.equals(content)).toBe(true);
      expect(results.filter((r) => r.status === 404)).toHaveLength(PARALLEL - 1);
      await expect.poll(() => storedIds(upload)).toEqual([]);
      expect((await download(fileUrl(ferry.url, upload, file!))).status).toBe(404);
      tally(context, 'races');
    }
  });

  it('let exactly N downloads through with maxDownloads N', async (context) => {
    for (const limit of [2, 3, 7, 10]) {
      const upload = await createUpload(ferry.url, { maxDownloads: limit });
      expect(upload.maxDownloads).toBe(limit);
      const content = randomBytes(256 * 1024);
      const { file } = await add(upload, content, 'limited.bin');
      const results = await Promise.all(Array.from({ length: PARALLEL }, () => download(fileUrl(ferry.url, upload, file!))));
      const served = results.filter((r) => r.status === 200);
      expect(served).toHaveLength(limit);
      for (const r of served) expect(r.body.equals(content)).toBe(true);
      expect(results.filter((r) => r.status === 404)).toHaveLength(PARALLEL - limit);
      await expect.poll(() => storedIds(upload)).toEqual([]);
      tally(context, 'races');
    }
  });

  it('count a zip of a oneShot upload as its download: file and archive requests together get it once', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const upload = await createUpload(ferry.url, { oneShot: true });
      const content = randomBytes(256 * 1024);
      const { file } = await add(upload, content, 'once.bin');
      const urls = Array.from({ length: PARALLEL }, (_, i) =>
        i % 2 === 0 ? fileUrl(ferry.url, upload, file!) : `${ferry.url}/archive/${upload.id}/all.zip`,
      );
      const results = await Promise.all(urls.map(download));
      // Every request that did not get the file is told so with a 4xx, never a 5xx or an empty zip.
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of results) expect([200, 400, 404]).toContain(r.status);
      await expect.poll(() => storedIds(upload)).toEqual([]);
      tally(context, 'races');
    }
  });
});

describe('parallel adds and removes on one upload', () => {
  it('keep the file list exact: what was added and not removed, and only that is stored', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const upload = await createUpload(ferry.url);
      const live = new Map<string, Buffer>();
      const gone = new Set<string>();
      // Every other file is removed as soon as its upload answers, while the other uploads are still arriving.
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const content = randomBytes(32 * 1024 + i);
          const added = await add(upload, content, `file-${i}.bin`);
          expect(added.status, added.text).toBe(200);
          if (i % 2 === 0) {
            expect(await remove(upload, added.file!)).toBe(200);
            gone.add(added.file!.id);
          } else {
            live.set(added.file!.id, content);
          }
        }),
      );
      await expectConsistent(upload, live, gone);
      tally(context, 'races');
    }
  });

  it('settle a file sent and removed at the same moment one way or the other, never half', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const names = Array.from({ length: 10 }, (_, i) => `declared-${i}.bin`);
      const upload = await createUpload(ferry.url, { files: names.map((fileName) => ({ fileName })) });
      const live = new Map<string, Buffer>();
      const gone = new Set<string>();
      await Promise.all(
        upload.files.map(async (declared, i) => {
          const content = randomBytes(64 * 1024 + i);
          // The removal starts while the bytes are on their way (or just before).
          const [added, removed] = await Promise.all([add(upload, content, declared.fileName, declared.id), remove(upload, declared)]);
          expect(removed).toBe(200);
          expect([200, 400, 404], added.text).toContain(added.status);
          gone.add(declared.id);
        }),
      );
      // Whatever order they ran in, the removal was answered 200: none of these files may stay.
      await expectConsistent(upload, live, gone);
      tally(context, 'races');
    }
  });

  it('never let parallel adds past MaxFilePerUpload', async (context) => {
    for (let round = 0; round < ROUNDS; round++) {
      const upload = await createUpload(ferry.url);
      const contents = Array.from({ length: 30 }, (_, i) => randomBytes(4096 + i));
      const results = await Promise.all(contents.map((content, i) => add(upload, content, `many-${i}.bin`)));
      const accepted = results.filter((r) => r.status === 200);
      expect(accepted).toHaveLength(12);
      for (const r of results) if (r.status !== 200) expect(r.status, r.text).toBe(400);
      const live = new Map(accepted.map((r) => [r.file!.id, contents[results.indexOf(r)]!]));
      await expectConsistent(upload, live, new Set());
      tally(context, 'races');
    }
  });
});

describe('parallel uploads against a user quota', () => {
  const QUOTA = 1_000_000;
  let quotaFerry: TestFerry;
  let frank: Session;
  beforeAll(async () => {
    quotaFerry = await startTestFerry({ FeatureAuthentication: 'enabled', CleanupInterval: 3600, LogLevel: 'error' });
    await quotaFerry.services.users.create({ provider: 'local', login: 'frank', password: 'frank-password', maxUserSize: QUOTA });
    frank = await signIn(quotaFerry.url, 'frank', 'frank-password');
  });
  afterAll(() => quotaFerry.close());

  /** One upload of frank's with one file of `size` bytes: with its length declared, or chunked (no length). */
  async function send(size: number, chunked: boolean): Promise<{ upload: UploadJson; status: number; text: string }> {
    const upload = await createUpload(quotaFerry.url, {}, frank.write);
    const { body, headers } = rawMultipart('q.bin', 'x'.repeat(size));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(new TextEncoder().encode(body.slice(i, i + 64 * 1024)));
        controller.close();
      },
    });
    const response = await fetch(`${quotaFerry.url}/file/${upload.id}`, {
      method: 'POST',
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
      ...(chunked ? { body: stream, duplex: 'half' } : { body }),
    } as RequestInit);
    return { upload, status: response.status, text: await response.text() };
  }

  it('never accept more in total than the quota, whether the uploads declare their length or not', async (context) => {
    const frankId = (await quotaFerry.metadata.findUser('local:frank'))!.id;
    for (const { count, size, chunked } of [
      { count: 5, size: 900_000, chunked: false },
      { count: 5, size: 900_000, chunked: true },
      { count: 8, size: 300_000, chunked: true },
    ]) {
      const results = await Promise.all(Array.from({ length: count }, () => send(size, chunked)));
      const accepted = results.filter((r) => r.status === 200);
      for (const r of results) if (r.status !== 200) expect(r.status, r.text).toBe(413);
      expect(accepted.length * size, `${count} x ${size} B${chunked ? ', chunked' : ''}`).toBeLessThanOrEqual(QUOTA);
      // First come, first served: uploads that declare their length reserve it whole, so one of them gets through.
      if (!chunked) expect(accepted.length).toBe(1);
      // Settled: the refused gave their reservations back, the accepted count their real size.
      const { totalSize } = await quotaFerry.metadata.uploadStats({ userId: frankId }, Date.now());
      expect(totalSize).toBe(accepted.length * size);
      for (const { upload } of results) {
        await fetch(`${quotaFerry.url}/upload/${upload.id}`, { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
      }
      tally(context, 'races');
    }
    finding(context, 'quota-overshoot');
  });
});
