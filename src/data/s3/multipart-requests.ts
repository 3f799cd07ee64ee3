// The S3 requests that write an object, in one part or many, with the store's bucket and encryption headers:
// shared by the one-request writes (object-writes.ts) and the files built across requests (multipart-builds.ts).
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3StoreOptions } from './s3-options.js';

export interface SentPart {
  PartNumber: number;
  ETag: string;
}

export class MultipartRequests {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3StoreOptions,
  ) {}

  async create(objectKey: string): Promise<string> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: objectKey, ...this.options.encryption.write }),
    );
    if (!UploadId) throw new Error('S3 gave no multipart upload id');
    return UploadId;
  }

  async uploadPart(objectKey: string, uploadId: string, PartNumber: number, bytes: Buffer): Promise<SentPart> {
    const { ETag } = await this.client.send(
      new UploadPartCommand({
        Bucket: this.options.bucket,
        Key: objectKey,
        UploadId: uploadId,
        PartNumber,
        Body: bytes,
        ...this.options.encryption.read,
      }),
    );
    if (!ETag) throw new Error(`S3 gave no ETag for part ${PartNumber}`);
    return { PartNumber, ETag };
  }

  async complete(objectKey: string, uploadId: string, parts: SentPart[]): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.options.bucket,
        Key: objectKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
        ...this.options.encryption.read,
      }),
    );
  }

  async abort(objectKey: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: objectKey, UploadId: uploadId }));
    } catch (err) {
      // Already aborted (or completed): nothing is left to pay for.
      if (!(err instanceof S3ServiceException && err.name === 'NoSuchUpload')) throw err;
    }
  }

  /** An object in one request: S3 completes no multipart upload without a part, and a small file needs none. */
  async put(objectKey: string, bytes: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: objectKey, Body: bytes, ...this.options.encryption.write }),
    );
  }
}
