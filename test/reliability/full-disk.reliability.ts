// A full disk: the data folder on a 20 MB tmpfs fills up mid-upload. The uploader gets 507 Insufficient Storage,
// the partial data goes, and the uploads around it are unaffected. Needs root to mount; skipped otherwise.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { tally } from './tally.js';

const MiB = 1024 * 1024;

/** Mounts a 20 MB tmpfs on a new folder, or says why it could not. */
function mountSmallDisk(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

const root = await mkdtemp(path.join(tmpdir(), 'ferry-full-disk-'));
const unavailable = mountSmallDisk(root);
if (unavailable) console.warn(`\n  Skipping the full-disk tests (${unavailable}): they mount a tmpfs, which needs root.\n`);

describe.skipIf(unavailable !== undefined)('a data folder that fills up mid-upload', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    // The whole data folder is on the small disk: file bytes and the SQLite database, as in a default install.
    ferry = await startTestFerry({ CleanupInterval: 3600 }, { storage: await createTestStorage({ backend: 'sqlite', dataDir: root }) });
  });
  afterAll(async () => {
    await ferry?.close();
    await ferry?.storage.release();
    execFileSync('umount', [root]);
    await rm(root, { recursive: true, force: true });
  });

  const post = async (upload: UploadJson, content: Buffer, name: string) => {
    const response = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken!, Accept: 'application/json' },
      body: multipartFile(new Uint8Array(content), name),
    });
    const text = await response.text();
    return { status: response.status, text, file: response.status === 200 ? (JSON.parse(text) as FileJson) : undefined };
  };
  const md5 = (data: Buffer | ArrayBuffer) =>
    createHash('md5')
      .update(Buffer.from(data as ArrayBuffer))
      .digest('hex');

  it('answers 507 with a clear message, removes the partial data, and serves the other uploads', async (context) => {
    const before = await createUpload(ferry.url);
    const small = randomBytes(2 * MiB);
    const kept = await post(before, small, 'before.bin');
    expect(kept.status, kept.text).toBe(200);

    for (let round = 0; round < 3; round++) {
      const upload = await createUpload(ferry.url);
      // Small uploads alongside the one that fills the disk: each is whole or refused, never a 500.
      const neighbours = Array.from({ length: 4 }, () => randomBytes(MiB));
      const [big, ...others] = await Promise.all([
        post(upload, randomBytes(40 * MiB), 'too-big.bin'),
        ...neighbours.map((content, i) => post(before, content, `neighbour-${round}-${i}.bin`)),
      ]);
      expect(big.status, big.text).toBe(507);
      expect(JSON.parse(big.text)).toMatchObject({ status: 507, message: expect.stringMatching(/space/) });
      for (const [i, other] of others.entries()) {
        expect([200, 507], other.text).toContain(other.status);
        if (other.file) {
          const served = await fetch(fileUrl(ferry.url, before, other.file));
          expect(md5(await served.arrayBuffer())).toBe(md5(neighbours[i]!));
        }
      }
      // Nothing of the big file stays: not its bytes, not a partial file, not an `uploaded` row.
      expect((await ferry.storedFiles()).filter((f) => f.includes(upload.id) || f.endsWith('.partial'))).toEqual([]);
      const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
      for (const file of shown.files) expect(file.status).toBe('missing');
      // With the space back, a new upload goes through and what was there before is intact.
      const after = await post(upload, randomBytes(MiB), 'after.bin');
      expect(after.status, after.text).toBe(200);
      expect(md5(await (await fetch(fileUrl(ferry.url, before, kept.file!))).arrayBuffer())).toBe(md5(small));
      // The neighbours go, so that the next round fills the disk again from the same point.
      for (const other of others) {
        if (other.file)
          await fetch(fileUrl(ferry.url, before, other.file), { method: 'DELETE', headers: { 'X-UploadToken': before.uploadToken! } });
      }
      await fetch(fileUrl(ferry.url, upload, after.file!), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
      await ferry.cleanup.run();
      tally(context, 'crashes');
    }
  });
});
