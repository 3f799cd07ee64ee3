// The S3 store against the DataStore and ResumableDataStore contracts on a real S3-protocol server (helpers/s3.ts),
// and what only S3 shows: multipart uploads aborted on failure, the prefix, encryption headers on the wire, the
// bucket made at start, files built across requests in parts, and their tails as objects of their own.
import { randomBytes } from 'node:crypto';
import { AbortMultipartUploadCommand, HeadBucketCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openS3DataStore } from '../../src/data/s3/open-s3.js';
import { TEST_PREFIX } from '../helpers/s3.js';
import { bodyOf, bytesOf, dataStoreSuite, newKey, SUITE_PART_SIZE } from './data-store-suite.js';
import { heldInBucket, openOnTestBucket } from './opened-stores.js';
import { resumableStoreSuite } from './resumable-store-suite.js';

interface SentRequest {
  command: string;
  headers: Record<string, string>;
  output?: Record<string, unknown>;
}

/** Records every request the client sends, as it goes on the wire, and what came back. */
function recordRequests(client: S3Client): SentRequest[] {
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request: SentRequest = {
        command: context.commandName!,
        headers: { ...(args.request as { headers: Record<string, string> }).headers },
      };
      sent.push(request);
      const result = await next(args);
      request.output = result.output as unknown as Record<string, unknown>;
      return result;
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  return sent;
}

dataStoreSuite('S3DataStore', () => openOnTestBucket());

resumableStoreSuite('S3DataStore', async () => {
  const { bucket, store, close } = await openOnTestBucket();
  return {
    store,
    read: (key, _, range) => store.read(key, range),
    held: (key, partial) => heldInBucket(bucket, store, key, partial),
    close,
  };
});

describe('S3DataStore', () => {
  let opened: Awaited<ReturnType<typeof openOnTestBucket>>;
  beforeAll(async () => {
    opened = await openOnTestBucket();
  });
  afterAll(() => opened?.close());

  it('creates its bucket when missing, and keeps objects under the prefix in the folder layout', async () => {
    await opened.bucket.client.send(new HeadBucketCommand({ Bucket: opened.bucket.bucket }));
    const key = newKey();
    await opened.store.write(key, bodyOf(Buffer.from('laid out')));
    expect(await opened.bucket.keys()).toContain(`${TEST_PREFIX}/${key.uploadId.slice(0, 2)}/${key.uploadId}/${key.fileId}`);
  });

  it('sends a file larger than a part as a multipart upload of PartSize parts', async () => {
    const sent = recordRequests(opened.store.client);
    await opened.store.write(newKey(), bodyOf(randomBytes(SUITE_PART_SIZE * 2 + 10)));
    expect(sent[0]?.command).toBe('CreateMultipartUploadCommand');
    const parts = sent.filter((r) => r.command === 'UploadPartCommand').map((r) => Number(r.headers['content-length']));
    expect(parts.sort((a, b) => b - a)).toEqual([SUITE_PART_SIZE, SUITE_PART_SIZE, 10]);
    expect(sent.at(-1)?.command).toBe('CompleteMultipartUploadCommand');
  });

  it('aborts the multipart upload when the source breaks, so that no part stays on the server', async () => {
    const sent = recordRequests(opened.store.client);
    const key = newKey();
    await expect(opened.store.write(key, bodyOf(randomBytes(SUITE_PART_SIZE * 3), SUITE_PART_SIZE * 2))).rejects.toThrow(
      'the source broke',
    );
    const created = sent.find((r) => r.command === 'CreateMultipartUploadCommand');
    const uploadId = created?.output?.UploadId as string;
    expect(uploadId).toBeTruthy();
    expect(sent.map((r) => r.command)).toContain('AbortMultipartUploadCommand');
    // The server no longer knows the upload: its parts are gone.
    const late = opened.bucket.client.send(
      new UploadPartCommand({
        Bucket: opened.bucket.bucket,
        Key: opened.store.keyOf(key),
        UploadId: uploadId,
        PartNumber: 3,
        Body: 'late',
      }),
    );
    await expect(late).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('keeps at most QueueSize parts in flight, and gives the file up when S3 loses its upload midway', async () => {
    const { bucket, store, close } = await openOnTestBucket({ QueueSize: 2 });
    try {
      let inFlight = 0;
      let most = 0;
      let partsDone = 0;
      // Once two parts are in, the upload is aborted behind the store's back, as a lifecycle rule or an operator
      // would: S3 itself then refuses the parts that follow.
      store.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'UploadPartCommand') return next(args);
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            return await next(args);
          } finally {
            inFlight--;
            if (++partsDone === 2) {
              const { Key, UploadId } = (args as unknown as { input: { Key: string; UploadId: string } }).input;
              await bucket.client.send(new AbortMultipartUploadCommand({ Bucket: bucket.bucket, Key, UploadId }));
            }
          }
        },
        { step: 'initialize', priority: 'low' },
      );
      const key = newKey();
      const body = bodyOf(randomBytes(SUITE_PART_SIZE * 8));
      await expect(store.write(key, body)).rejects.toMatchObject({ name: 'NoSuchUpload' });
      expect(most).toBe(2);
      expect(body.destroyed).toBe(true);
      expect(await store.size(key)).toBeUndefined();
    } finally {
      await close();
    }
  });

  it('builds a file on one instance and finishes it on another: parts of PartSize, the rest an object of its own', async () => {
    const other = await openS3DataStore(
      loadConfig({ flags: { DataBackend: 's3', DataBackendConfig: { ...opened.bucket.config, PartSize: SUITE_PART_SIZE } } }).config
        .DataBackendConfig,
    );
    try {
      const sent = recordRequests(opened.store.client);
      const sentByOther = recordRequests(other.client);
      const key = newKey();
      const bytes = randomBytes(SUITE_PART_SIZE * 2 + 300_000);
      const durable = async () => undefined;
      const first = await opened.store.append(key, await opened.store.begin(key), bodyOf(bytes.subarray(0, SUITE_PART_SIZE + 200_000)), {
        durable,
      });
      // What did not fill a part waits in the bucket, not on this instance: the state names it, any instance reads it.
      expect((await opened.bucket.keys()).filter((name) => name.startsWith(`${opened.store.keyOf(key)}.tail.`))).toHaveLength(1);
      const second = await other.append(key, JSON.parse(JSON.stringify(first)), bodyOf(bytes.subarray(first.offset)), {
        length: bytes.length,
        durable,
      });
      await other.finish(key, second);
      expect((await bytesOf(await opened.store.read(key))).equals(bytes)).toBe(true);
      expect(await opened.bucket.keys()).not.toContainEqual(expect.stringContaining(`${key.fileId}.tail.`));
      const partsOf = (requests: SentRequest[]) =>
        requests.filter((r) => r.command === 'UploadPartCommand').map((r) => Number(r.headers['content-length']));
      expect(partsOf(sent)).toEqual([SUITE_PART_SIZE]);
      // The second part starts with the first instance's tail; the file's end goes as a last, shorter part.
      expect(partsOf(sentByOther)).toEqual([SUITE_PART_SIZE, 300_000]);
    } finally {
      other.client.destroy();
    }
  });

  it('streams reads: the first bytes come before the object is read whole', async () => {
    const key = newKey();
    const bytes = randomBytes(SUITE_PART_SIZE + 1);
    await opened.store.write(key, bodyOf(bytes));
    const stream = await opened.store.read(key);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    expect(first.length).toBeLessThan(bytes.length);
    stream.destroy();
  });

  it.each([
    ['S3', { 'x-amz-server-side-encryption': 'AES256' }, {}],
    ['KMS', { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'alias/ferry' }, {}],
    [
      'SSE-C',
      { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
      { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
    ],
  ])('sends the headers of SSE = %s on writes (every part) and, for a customer key, on reads', async (sse, onWrite, onRead) => {
    const customerKey = randomBytes(32).toString('base64');
    const encrypted = await openOnTestBucket({ SSE: sse, SSEKMSKeyId: 'alias/ferry', SSECustomerKey: customerKey });
    try {
      const sent = recordRequests(encrypted.store.client);
      const key = newKey();
      const bytes = randomBytes(SUITE_PART_SIZE + 1);
      await encrypted.store.write(key, bodyOf(bytes));
      expect((await bytesOf(await encrypted.store.read(key, { start: 1, end: 3 }))).equals(bytes.subarray(1, 4))).toBe(true);
      const writes = sent.filter((r) => ['CreateMultipartUploadCommand', 'UploadPartCommand'].includes(r.command));
      const creation = writes.find((r) => r.command === 'CreateMultipartUploadCommand')!;
      expect(creation.headers).toMatchObject(onWrite);
      const read = sent.find((r) => r.command === 'GetObjectCommand')!;
      expect(read.headers).toMatchObject(onRead);
      if (sse === 'SSE-C') {
        for (const request of [...writes, read]) {
          expect(request.headers).toMatchObject({
            'x-amz-server-side-encryption-customer-key': customerKey,
            'x-amz-server-side-encryption-customer-key-md5': expect.any(String),
          });
        }
      } else {
        expect(read.headers).not.toHaveProperty('x-amz-server-side-encryption-customer-key');
      }
    } finally {
      await encrypted.close();
    }
  });

  it('finishes a file whose appends never gave its length: the tail becomes the last part, or the whole object', async () => {
    for (const size of [SUITE_PART_SIZE + 10, 10]) {
      const key = newKey();
      const bytes = randomBytes(size);
      const partial = await opened.store.append(key, await opened.store.begin(key), bodyOf(bytes), { durable: async () => undefined });
      expect(partial.offset).toBe(size);
      await opened.store.finish(key, partial);
      expect((await bytesOf(await opened.store.read(key))).equals(bytes)).toBe(true);
      expect(await heldInBucket(opened.bucket, opened.store, key, partial)).toEqual([opened.store.keyOf(key)]);
    }
  });

  it('sends an SSE-C customer key with every request of a file built across requests, its tail included', async () => {
    const customerKey = randomBytes(32).toString('base64');
    const encrypted = await openOnTestBucket({ SSE: 'C', SSECustomerKey: customerKey });
    try {
      const sent = recordRequests(encrypted.store.client);
      const key = newKey();
      const bytes = randomBytes(SUITE_PART_SIZE + 1000);
      const durable = async () => undefined;
      const first = await encrypted.store.append(key, await encrypted.store.begin(key), bodyOf(bytes.subarray(0, 500)), { durable });
      const done = await encrypted.store.append(key, first, bodyOf(bytes.subarray(500)), { length: bytes.length, durable });
      await encrypted.store.finish(key, done);
      const carrying = [
        'CreateMultipartUploadCommand',
        'UploadPartCommand',
        'PutObjectCommand',
        'GetObjectCommand',
        'CompleteMultipartUploadCommand',
      ];
      const requests = sent.filter((r) => carrying.includes(r.command));
      expect(new Set(requests.map((r) => r.command))).toEqual(new Set(carrying));
      for (const request of requests) {
        expect(request.headers, request.command).toMatchObject({ 'x-amz-server-side-encryption-customer-key': customerKey });
      }
    } finally {
      await encrypted.close();
    }
  });

  it('fails to open with a message naming the bucket and endpoint when the server cannot be reached', async () => {
    const { config } = loadConfig({
      flags: {
        DataBackend: 's3',
        DataBackendConfig: { Endpoint: '127.0.0.1:9', UseSSL: false, Bucket: 'unreachable', AccessKeyID: 'a', SecretAccessKey: 'b' },
      },
    });
    await expect(openS3DataStore(config.DataBackendConfig)).rejects.toThrow(/S3 bucket unreachable at http:\/\/127\.0\.0\.1:9/);
  });
});
