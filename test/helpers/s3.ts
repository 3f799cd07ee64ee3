// An S3 server for tests: fauxqs (an S3 emulator from npm) on loopback in this process, started with the first
// bucket asked for and stopped with the last one given back. Ferry's S3 client reaches it over HTTP, path style,
// as it reaches AWS; each test storage gets a bucket of its own.
import { randomBytes } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startFauxqs, type FauxqsServer } from 'fauxqs';

export interface TestBucket {
  /** DataBackendConfig for Ferry, as Plik writes it: Endpoint host:port without TLS. Ferry creates the bucket. */
  config: Record<string, unknown>;
  /** A client of the server, for looking at what is stored. */
  client: S3Client;
  bucket: string;
  /** Every key in the bucket. */
  keys(): Promise<string[]>;
  /** Drops the bucket with everything in it. */
  release(): Promise<void>;
}

/** The prefix of Ferry's keys in test buckets: keys then read as paths under a data folder do (files/ab/…). */
export const TEST_PREFIX = 'files';

// The SDK warns once per process that its releases after January 2027 need Node.js 22; test output needs no such line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let server: Promise<FauxqsServer> | undefined;
let holders = 0;

export async function createTestBucket(): Promise<TestBucket> {
  holders++;
  server ??= startFauxqs({ host: '127.0.0.1', port: 0, logger: false });
  const running = await server;
  const bucket = `ferry-test-${randomBytes(6).toString('hex')}`;
  const endpoint = `127.0.0.1:${running.port}`;
  const client = new S3Client({
    endpoint: `http://${endpoint}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const keys = async () => {
    const listed: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken })).catch(() => undefined);
      listed.push(...(page?.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page?.NextContinuationToken;
    } while (ContinuationToken);
    return listed;
  };
  return {
    config: {
      Endpoint: endpoint,
      UseSSL: false,
      AccessKeyID: 'test',
      SecretAccessKey: 'test',
      Bucket: bucket,
      Prefix: TEST_PREFIX,
      PartSize: '5MiB',
    },
    client,
    bucket,
    keys,
    release: async () => {
      const left = await keys();
      if (left.length > 0)
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: left.map((Key) => ({ Key })) } }));
      await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
      client.destroy();
      if (--holders > 0) return;
      server = undefined;
      await running.stop();
    },
  };
}
