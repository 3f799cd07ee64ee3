// The stores the data tests run against, opened fresh (a temporary folder, a bucket of the test S3 server), with a
// look at what each backend holds for a key: shared by the plain and the encrypted stores' tests.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UploadPartCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config/load.js';
import { FileDataStore } from '../../src/data/file/file-store.js';
import { openS3DataStore } from '../../src/data/s3/open-s3.js';
import type { S3DataStore } from '../../src/data/s3/s3-store.js';
import type { DataKey, PartialFile } from '../../src/data/store.js';
import { createTestBucket, type TestBucket } from '../helpers/s3.js';
import { SUITE_PART_SIZE } from './data-store-suite.js';

export async function openFolder() {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ferry-file-store-'));
  return { directory, store: new FileDataStore(directory), close: () => rm(directory, { recursive: true, force: true }) };
}

/** The files of the folder that belong to `key`: its data, and the file being built. */
export async function filesOf(directory: string, key: DataKey): Promise<string[]> {
  const folder = path.join(directory, key.uploadId.slice(0, 2), key.uploadId);
  const names = await readdir(folder).catch(() => []);
  return names.filter((name) => name.startsWith(key.fileId));
}

/** The store as Ferry opens it from DataBackendConfig, on a new bucket of the test server. */
export async function openOnTestBucket(
  extra: Record<string, unknown> = {},
): Promise<{ bucket: TestBucket; store: S3DataStore; close(): Promise<void> }> {
  const bucket = await createTestBucket();
  const { config } = loadConfig({
    flags: { DataBackend: 's3', DataBackendConfig: { ...bucket.config, PartSize: SUITE_PART_SIZE, ...extra } },
  });
  const store = await openS3DataStore(config.DataBackendConfig);
  return {
    bucket,
    store,
    close: async () => {
      store.client.destroy();
      await bucket.release();
    },
  };
}

/**
 * What the bucket holds for `key`: its objects (the file, tails), and its multipart upload while S3 still knows it
 * (fauxqs lists no multipart uploads: a part sent to it tells).
 */
export async function heldInBucket(bucket: TestBucket, store: S3DataStore, key: DataKey, partial: PartialFile): Promise<string[]> {
  const objects = (await bucket.keys()).filter((name) => name.startsWith(store.keyOf(key)));
  const { uploadId } = partial.state as { uploadId: string };
  const alive = await bucket.client
    .send(new UploadPartCommand({ Bucket: bucket.bucket, Key: store.keyOf(key), UploadId: uploadId, PartNumber: 10_000, Body: 'x' }))
    .then(
      () => true,
      () => false,
    );
  return alive ? [...objects, `multipart upload ${uploadId}`] : objects;
}
