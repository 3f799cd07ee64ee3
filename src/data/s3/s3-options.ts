// What the S3 store is opened with: the bucket, the prefix, the parts of multipart uploads, encryption headers.

/** Server-side encryption as S3 requests carry it: on writes, and for SSE-C (customer key) on reads as well. */
export interface S3Encryption {
  write: { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } & CustomerKey;
  read: CustomerKey;
}

interface CustomerKey {
  SSECustomerAlgorithm?: 'AES256';
  /** Base64 of the 32-byte key; the SDK adds its MD5. */
  SSECustomerKey?: string;
}

export interface S3StoreOptions {
  bucket: string;
  /** Put before every key, e.g. "ferry" for ferry/ab/abcd…/ef01…; empty for none. */
  prefix: string;
  /** Bytes of one part of a multipart upload (5 MiB to 5 GiB). */
  partSize: number;
  /** Parts of one file in flight at once. A write holds at most (queueSize + 1) × partSize in memory. */
  queueSize: number;
  encryption: S3Encryption;
}
