// `ferry migrate-data`, run as a command: the bytes of a Ferry on a files folder go to an S3 bucket (helpers/s3.ts)
// and a Ferry switched to the bucket serves them; runs after that copy only what the bucket lacks.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TESTS, runCli, storageFlags, tempHome } from '../helpers/ferry-cli.js';
import { createTestStorage, startTestFerry, type TestStorage } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type UploadedFile } from '../helpers/plik-client.js';
import { createTestBucket, TEST_PREFIX, type TestBucket } from '../helpers/s3.js';

const SERVER_KEY = Buffer.alloc(32, 9).toString('base64');

let home: string;
const ferry = (args: string[]) => runCli(args, home);

let storage: TestStorage;
let bucket: TestBucket;
/** The source as an operator points the command at it, and the target bucket given option by option. */
const source = () => storageFlags(storage, SERVER_KEY);
const toBucket = () => ['--to', 's3', ...Object.entries(bucket.config).flatMap(([name, value]) => ['-t', `${name}=${value}`])];
const keyOf = (upload: { id: string }, file: { id: string }) => `${TEST_PREFIX}/${upload.id.slice(0, 2)}/${upload.id}/${file.id}`;

type Stored = UploadedFile;
const stored: Stored[] = [];
let removed: Stored;

type Add = (content: Uint8Array<ArrayBuffer>, name: string, uploadOptions?: Record<string, unknown>) => Promise<Stored>;

/** Uploads through a Ferry on the folder, started with `options` for the time of `send`. */
async function uploadThrough(options: Record<string, unknown>, send: (add: Add, url: string) => Promise<void>): Promise<void> {
  const ferry = await startTestFerry({ EncryptionKey: SERVER_KEY, ...options }, { storage });
  const add: Add = async (content, name, uploadOptions = {}) => {
    const upload = await createUpload(ferry.url, uploadOptions);
    return { upload, file: await addFile(ferry.url, upload, content, name), content };
  };
  try {
    await send(add, ferry.url);
  } finally {
    await ferry.close();
  }
}

beforeAll(async () => {
  home = await tempHome();
  storage = await createTestStorage({ data: 'file' });
  bucket = await createTestBucket();
  // Files with bytes of their own…
  await uploadThrough({ Deduplication: false }, async (add) => {
    stored.push(await add(new TextEncoder().encode('plain words'), 'plain.txt'));
    stored.push(await add(new Uint8Array(randomBytes(5 * 1024 * 1024 + 3)), 'big.bin'));
    stored.push(await add(new Uint8Array(0), 'empty.bin'));
    stored.push(await add(new Uint8Array(randomBytes(200_000)), 'sealed.bin', { encryption: 'server' }));
  });
  // …and the same bytes twice, deduplicated: stored once, as a blob under the first file's key; one file removed.
  await uploadThrough({ Deduplication: true }, async (add, url) => {
    const twice = new TextEncoder().encode('the same bytes in two uploads');
    stored.push(await add(twice, 'first.txt'), await add(twice, 'second.txt'));
    removed = await add(new TextEncoder().encode('gone before the move'), 'removed.txt', { removable: true });
    expect((await fetch(fileUrl(url, removed.upload, removed.file), { method: 'DELETE' })).status).toBe(200);
  });
});
afterAll(async () => {
  await bucket?.release();
  await storage?.release();
  await rm(home, { recursive: true, force: true });
});

describe('ferry migrate-data --to s3', CLI_TESTS, () => {
  it('copies every stored file as it is at rest, and a Ferry on the bucket serves them all', async () => {
    const run = await ferry(['migrate-data', ...source(), ...toBucket()]);
    // Six files, five keys: the second copy of the deduplicated bytes has none of its own.
    expect(run).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/migrate-data to s3: 5 files, 5 copied \(5\.4 MB\), 0 already there\n$/),
    });
    const keys = await bucket.keys();
    expect(keys).toHaveLength(5);
    expect(keys).not.toContain(keyOf(removed.upload, removed.file));
    expect(keys).not.toContain(keyOf(stored[5]!.upload, stored[5]!.file));

    const after = await startTestFerry({ EncryptionKey: SERVER_KEY, DataBackend: 's3', DataBackendConfig: bucket.config }, { storage });
    try {
      for (const { upload, file, content } of stored) {
        const response = await fetch(fileUrl(after.url, upload, file));
        expect(response.status, file.fileName).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(content)), file.fileName).toBe(true);
      }
      const sealed = stored[3]!;
      const range = await fetch(fileUrl(after.url, sealed.upload, sealed.file), { headers: { Range: 'bytes=70000-70009' } });
      expect(range.status).toBe(206);
      expect(Buffer.from(await range.arrayBuffer()).equals(Buffer.from(sealed.content.subarray(70000, 70010)))).toBe(true);
    } finally {
      await after.close();
    }
  });

  it('copies nothing on a second run, and only what the bucket lost on a third', async () => {
    const again = await ferry(['migrate-data', ...source(), ...toBucket()]);
    expect(again).toMatchObject({ code: 0, stderr: expect.stringMatching(/5 files, 0 copied \(0 B\), 5 already there\n$/) });

    const big = stored[1]!;
    await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key: keyOf(big.upload, big.file) }));
    const resumed = await ferry(['migrate-data', ...source(), ...toBucket(), '--parallel', '1']);
    expect(resumed).toMatchObject({ code: 0, stderr: expect.stringMatching(/5 files, 1 copied \(5\.2 MB\), 4 already there\n$/) });
    // Without a terminal, progress comes as plain lines.
    expect(resumed.stderr).toMatch(/^ferry: migrate-data: 1\/5 files, /m);
  });

  it('names the files whose bytes the source lacks, and exits with status 1', async () => {
    const lost = stored[0]!;
    await rm(path.join(storage.dataDir, 'files', lost.upload.id.slice(0, 2), lost.upload.id, lost.file.id));
    const run = await ferry(['migrate-data', ...source(), ...toBucket()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`missing from the source: ${lost.upload.id}/${lost.file.id}`);
    expect(run.stderr).toMatch(/5 files, 0 copied \(0 B\), 4 already there, 1 missing from the source\n$/);
  });

  it('refuses a target store with an empty bucket, naming the option', async () => {
    // A bucket left unnamed is Plik's "plik"; one named empty is a mistake.
    const noBucket = await ferry(['migrate-data', ...source(), '--to', 's3', '-t', 'Endpoint=127.0.0.1:1', '-t', 'Bucket=']);
    expect(noBucket).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/target store: invalid configuration:\n\s+DataBackendConfig\.Bucket.*is required/),
    });
  });
});
