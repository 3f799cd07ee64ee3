// Opens the S3 data store that DataBackendConfig describes: the SDK client, encryption headers, and the bucket,
// created when missing as Plik does.
import { CreateBucketCommand, HeadBucketCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { DataBackendOptions } from '../../config/schema.js';
import type { S3Encryption } from './s3-options.js';
import { S3DataStore } from './s3-store.js';
import { reportingUnreachable } from './unreachable.js';

export async function openS3DataStore(options: DataBackendOptions): Promise<S3DataStore> {
  const store = new S3DataStore(reportingUnreachable(new S3Client(s3ClientConfig(options))), {
    bucket: options.Bucket,
    prefix: options.Prefix,
    partSize: options.PartSize,
    queueSize: options.QueueSize,
    encryption: s3Encryption(options),
  });
  try {
    await ensureBucket(store.client, options);
  } catch (err) {
    store.client.destroy();
    throw new Error(`S3 bucket ${options.Bucket} at ${options.Endpoint || `AWS ${options.Location}`}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return store;
}

export function s3ClientConfig(options: DataBackendOptions): S3ClientConfig {
  return {
    endpoint: options.Endpoint || undefined,
    region: options.Location,
    forcePathStyle: options.ForcePathStyle,
    credentials: options.AccessKeyID ? { accessKeyId: options.AccessKeyID, secretAccessKey: options.SecretAccessKey } : undefined,
    requestChecksumCalculation: options.RequestChecksumCalculation,
    requestHandler: {
      // Every download being served holds a connection for as long as its client reads: a cap (the SDK's is 50)
      // would make the next download wait for one of them to end.
      httpAgent: { keepAlive: true, maxSockets: Infinity },
      httpsAgent: { keepAlive: true, maxSockets: Infinity },
      // An unreachable endpoint, or one that takes the connection and never answers (a hung server, a link that
      // drops every packet), fails in seconds, and the SDK retries, instead of waiting on the system's TCP timeouts.
      // The request timeout ends with the answer's headers: the body of a download may then be read for hours by
      // a slow client (a stalled body is the client connection's IdleTimeout's to cut).
      connectionTimeout: options.ConnectTimeout * 1000,
      requestTimeout: options.RequestTimeout * 1000,
      throwOnRequestTimeout: true,
    },
  };
}

export function s3Encryption({ SSE, SSEKMSKeyId, SSECustomerKey }: DataBackendOptions): S3Encryption {
  switch (SSE) {
    case '':
      return { write: {}, read: {} };
    case 'S3':
      return { write: { ServerSideEncryption: 'AES256' }, read: {} };
    case 'KMS':
      return { write: { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: SSEKMSKeyId || undefined }, read: {} };
    case 'C': {
      const customerKey = { SSECustomerAlgorithm: 'AES256', SSECustomerKey } as const;
      return { write: customerKey, read: customerKey };
    }
  }
}

async function ensureBucket(client: S3Client, options: DataBackendOptions): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: options.Bucket }));
    return;
  } catch (err) {
    if (!(err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw err;
  }
  // us-east-1 is S3's default location, which it refuses to be named explicitly.
  const location = options.Location === 'us-east-1' ? undefined : { LocationConstraint: options.Location as never };
  await client.send(new CreateBucketCommand({ Bucket: options.Bucket, CreateBucketConfiguration: location }));
}
