import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../src/data/encryption/chunked-gcm.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';

const SERVER_KEY = Buffer.alloc(32, 7).toString('base64');

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ EncryptionKey: SERVER_KEY });
});
afterAll(() => ferry.close());

/** Bytes that are easy to recognise in storage and differ at every position. */
function pattern(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

const storedBytes = async (upload: { id: string }) => {
  const files = (await ferry.storedFiles()).filter((f) => f.includes(upload.id));
  return Promise.all(files.map((f) => readFile(path.join(ferry.dataDir, f))));
};

const upload = async (options: object, content: Uint8Array<ArrayBuffer>, key?: string) => {
  const created = (await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify(options) })).json()) as UploadJson & {
    downloadKey?: string;
  };
  const query = key ?? created.downloadKey;
  const response = await fetch(`${ferry.url}/file/${created.id}${query ? `?key=${query}` : ''}`, {
    method: 'POST',
    headers: { 'X-UploadToken': created.uploadToken! },
    body: multipartFile(content, 'data.bin'),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return { upload: created, file: (await response.json()) as FileJson, downloadKey: created.downloadKey };
};

describe('download limits', () => {
  it('let exactly N of 50 parallel downloads through, then delete the file', async () => {
    const { upload: created, file } = await upload({ maxDownloads: 3 }, pattern(1000));
    expect(file.remainingDownloads).toBe(3);
    const responses = await Promise.all(Array.from({ length: 50 }, () => fetch(fileUrl(ferry.url, created, file))));
    const bodies = await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 404)).toHaveLength(47);
    expect(bodies.filter((b) => b.byteLength === 1000)).toHaveLength(3);
    await expect.poll(async () => (await storedBytes(created)).length).toBe(0);
    const shown = async () => (await (await fetch(`${ferry.url}/upload/${created.id}`)).json()) as UploadJson;
    expect((await shown()).maxDownloads).toBe(3);
    // The last download's purge runs as its response ends, so the status may lag the client by a moment.
    await expect.poll(async () => (await shown()).files[0]).toMatchObject({ status: 'deleted', remainingDownloads: 0 });
  });

  it('count down in GET /upload/:id as downloads complete', async () => {
    const { upload: created, file } = await upload({ maxDownloads: 2 }, pattern(10));
    await (await fetch(fileUrl(ferry.url, created, file))).arrayBuffer();
    const shown = (await (await fetch(`${ferry.url}/upload/${created.id}`)).json()) as UploadJson;
    expect(shown.files[0]).toMatchObject({ status: 'uploaded', remainingDownloads: 1 });
    expect((await fetch(fileUrl(ferry.url, created, file), { method: 'HEAD' })).status).toBe(200);
  });

  it('refuse a negative limit', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{"maxDownloads": -1}' });
    expect(response.status).toBe(400);
  });
});

describe.each(['server', 'link'] as const)('encryption at rest with the %s key', (mode) => {
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17])(
    'round-trips %i bytes exactly, stored as ciphertext',
    async (size) => {
      const content = pattern(size);
      const { upload: created, file, downloadKey } = await upload({ encryption: mode }, content);
      expect(created.encryption).toBe(mode);
      expect(downloadKey === undefined).toBe(mode === 'server');
      const query = downloadKey ? `?key=${downloadKey}` : '';
      const response = await fetch(`${fileUrl(ferry.url, created, file)}${query}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(content))).toBe(true);

      const [stored] = await storedBytes(created);
      expect(stored).toBeDefined();
      expect(stored!.length).toBeGreaterThan(size);
      if (size >= 64) expect(stored!.includes(Buffer.from(content.subarray(0, 64)))).toBe(false);
    },
  );

  it('serves a Range inside the encrypted file, across chunk boundaries', async () => {
    const content = pattern(3 * CHUNK_SIZE + 100);
    const { upload: created, file, downloadKey } = await upload({ encryption: mode }, content);
    const query = downloadKey ? `?key=${downloadKey}` : '';
    for (const [start, end] of [
      [0, 0],
      [CHUNK_SIZE - 5, CHUNK_SIZE + 5],
      [CHUNK_SIZE, 2 * CHUNK_SIZE - 1],
      [3 * CHUNK_SIZE + 50, 3 * CHUNK_SIZE + 99],
    ] as const) {
      const response = await fetch(`${fileUrl(ferry.url, created, file)}${query}`, { headers: { Range: `bytes=${start}-${end}` } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${content.length}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(content.subarray(start, end + 1)))).toBe(true);
    }
  });
});

describe('link encryption', () => {
  it('round-trips 100 MB byte-exact', async () => {
    const content = pattern(100 * 1024 * 1024);
    const { upload: created, file, downloadKey } = await upload({ encryption: 'link' }, content);
    const response = await fetch(`${fileUrl(ferry.url, created, file)}?key=${downloadKey}`);
    const received = Buffer.from(await response.arrayBuffer());
    expect(received.length).toBe(content.length);
    expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('gives 404, never garbage, without the link secret or with a wrong one', async () => {
    const { upload: created, file, downloadKey } = await upload({ encryption: 'link' }, pattern(5000));
    expect(downloadKey).toMatch(/^[\w-]{43}$/);
    expect((await fetch(fileUrl(ferry.url, created, file))).status).toBe(404);
    const wrong = 'A'.repeat(43);
    expect((await fetch(`${fileUrl(ferry.url, created, file)}?key=${wrong}`)).status).toBe(404);
    expect((await fetch(`${ferry.url}/archive/${created.id}/all.zip`)).status).toBe(404);
    expect((await fetch(`${ferry.url}/archive/${created.id}/all.zip?key=${downloadKey}`)).status).toBe(200);
  });

  it('refuses a file sent without the key, and leaves it missing for a try with the key', async () => {
    const created = (await (
      await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ encryption: 'link' }) })
    ).json()) as UploadJson & { downloadKey: string };
    const send = (query: string) =>
      fetch(`${ferry.url}/file/${created.id}${query}`, {
        method: 'POST',
        headers: { 'X-UploadToken': created.uploadToken! },
        body: multipartFile(pattern(100), 'data.bin'),
      });
    expect((await send('')).status).toBe(404);
    const listed = (await (await fetch(`${ferry.url}/upload/${created.id}?key=${created.downloadKey}`)).json()) as UploadJson;
    expect(listed.files.map((f) => f.status)).not.toContain('uploading');
    expect((await send(`?key=${created.downloadKey}`)).status).toBe(200);
  });

  it('never stores the secret: neither the database nor the data folder holds it', async () => {
    const { upload: created, downloadKey } = await upload({ encryption: 'link' }, pattern(100));
    const database = await readFile(path.join(ferry.dataDir, 'ferry.db')).catch(() => Buffer.alloc(0));
    const wal = await readFile(path.join(ferry.dataDir, 'ferry.db-wal')).catch(() => Buffer.alloc(0));
    expect(Buffer.concat([database, wal]).includes(Buffer.from(downloadKey!))).toBe(false);
    for (const stored of await storedBytes(created)) expect(stored.includes(Buffer.from(downloadKey!))).toBe(false);
  });

  it('puts the secret in the quick upload URL', async () => {
    const linked = await startTestFerry({ Encryption: 'link' });
    try {
      const response = await fetch(`${linked.url}/`, { method: 'POST', body: multipartFile('secret text', 's.txt') });
      const url = (await response.text()).trim();
      expect(url).toMatch(/\?key=[\w-]{43}$/);
      expect(await (await fetch(url)).text()).toBe('secret text');
      expect((await fetch(url.replace(/\?key=.*/, ''))).status).toBe(404);
    } finally {
      await linked.close();
    }
  });
});

describe('deduplication', () => {
  it('stores identical content once and keeps it until its last file goes', async () => {
    const content = pattern(20000);
    const first = await upload({ removable: true }, content);
    const second = await upload({ removable: true }, content);
    const countCopies = async () => {
      let copies = 0;
      for (const f of await ferry.storedFiles()) {
        if (f.startsWith('files/') && (await readFile(path.join(ferry.dataDir, f))).equals(Buffer.from(content))) copies++;
      }
      return copies;
    };
    expect(await countCopies()).toBe(1);
    // Deleting the upload that holds the stored copy must not break the other.
    expect((await fetch(fileUrl(ferry.url, first.upload, first.file), { method: 'DELETE' })).status).toBe(200);
    const again = await fetch(fileUrl(ferry.url, second.upload, second.file));
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(content))).toBe(true);
    expect(await countCopies()).toBe(1);
    expect((await fetch(fileUrl(ferry.url, second.upload, second.file), { method: 'DELETE' })).status).toBe(200);
    expect(await countCopies()).toBe(0);
  });

  it('never shares content across link-encrypted files', async () => {
    const content = pattern(3000);
    const a = await upload({ encryption: 'link' }, content);
    const b = await upload({ encryption: 'link' }, content);
    expect((await storedBytes(a.upload)).length).toBe(1);
    expect((await storedBytes(b.upload)).length).toBe(1);
  });
});
