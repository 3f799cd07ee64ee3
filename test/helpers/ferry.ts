// Starts a real Ferry on port 0 for tests that talk HTTP to it, on the metadata backend of this run
// (helpers/backends.ts) and its data store (a folder, or a bucket: FERRY_TEST_DATA=s3, helpers/s3.ts).
// Instances started on one TestStorage share it, as instances behind a load balancer do.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { startFerry, type Ferry } from '../../src/server.js';
import { BACKEND, createTestMetadata, type MetadataBackend } from './backends.js';
import { createTestBucket, type TestBucket } from './s3.js';

export type TestDataBackend = 'file' | 's3';
/** Where this run keeps file bytes: the data folder unless the vitest project says otherwise. */
export const DATA: TestDataBackend = process.env.FERRY_TEST_DATA === 's3' ? 's3' : 'file';

/**
 * What instances started together share: a data folder (file bytes, or an S3 bucket) and a metadata store.
 * Gone when the last holder lets go: the creator, and each Ferry started on it until it closes.
 */
export interface TestStorage {
  backend: MetadataBackend;
  dataDir: string;
  /** The bucket holding file bytes when the data backend is s3. */
  bucket?: TestBucket;
  /** Config options that point Ferry at this storage. */
  options: Record<string, unknown>;
  retain(): void;
  release(): Promise<void>;
}

export async function createTestStorage({
  backend = BACKEND,
  dataDir,
  data = DATA,
}: {
  backend?: MetadataBackend;
  dataDir?: string;
  data?: TestDataBackend;
} = {}): Promise<TestStorage> {
  const ownDir = dataDir === undefined;
  const dir = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ferry-test-')));
  // A store in another's folder needs a SQLite file of its own.
  const metadata = await createTestMetadata(backend, ownDir ? undefined : `ferry-${randomUUID()}.db`);
  const bucket = data === 's3' ? await createTestBucket() : undefined;
  let holders = 1;
  return {
    backend,
    dataDir: dir,
    bucket,
    options: {
      DataDir: dir,
      MetadataBackendConfig: metadata.config,
      ...(bucket && { DataBackend: 's3', DataBackendConfig: bucket.config }),
    },
    retain: () => void holders++,
    release: async () => {
      if (--holders > 0) return;
      await metadata.drop();
      await bucket?.release();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestFerry extends Ferry {
  storage: TestStorage;
  dataDir: string;
  /** Every file under the data folder, relative to it, and every key of the bucket (files/ab/…, as in the folder). */
  storedFiles(): Promise<string[]>;
}

/**
 * A Ferry on a storage of its own, or on `storage` (shared with whoever else uses it), or on the storage of
 * the instance `alongside`, as a second instance behind the same load balancer. `logStream` gets its log lines
 * (set LogLevel too: tests run silent).
 */
export async function startTestFerry(
  options: Record<string, unknown> = {},
  place: { storage?: TestStorage; alongside?: TestFerry; logStream?: DestinationStream } = {},
): Promise<TestFerry> {
  const shared = place.storage ?? place.alongside?.storage;
  const storage = shared ?? (await createTestStorage());
  if (shared) storage.retain();
  let ferry: Ferry;
  try {
    const { config } = loadConfig({
      flags: { ListenAddress: '127.0.0.1', ListenPort: 0, LogLevel: 'silent', ...storage.options, ...options },
    });
    ferry = await startFerry(config, { logStream: place.logStream });
  } catch (err) {
    await storage.release();
    throw err;
  }
  const { dataDir } = storage;
  return {
    ...ferry,
    storage,
    dataDir,
    storedFiles: async () => [
      ...(await readdir(dataDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name))),
      ...((await storage.bucket?.keys()) ?? []),
    ],
    close: async () => {
      await ferry.close();
      await storage.release();
    },
  };
}
