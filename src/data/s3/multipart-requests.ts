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
import { FerryError } from '../../model/errors.js';

/** The first retry of an abort S3 did not answer comes this soon, each next one twice as late, up to the max. */
const ABORT_RETRY_FIRST_MS = 1000;
const ABORT_RETRY_MAX_MS = 60_000;
/** How long an abort is retried: an outage longer than that is left to the bucket's lifecycle rules. */
const ABORT_RETRIES_MS = 3600_000;

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

  /**
   * Aborts now or, while S3 is out of reach, again and again later until it answers: a multipart upload nobody
   * aborts keeps its parts, and their cost, for good (unless a lifecycle rule of the bucket aborts it). Resolves
   * after the first try; the later ones run on their own, for ABORT_RETRIES_MS at most.
   */
  async abortEventually(objectKey: string, uploadId: string): Promise<void> {
    const giveUpAt = Date.now() + ABORT_RETRIES_MS;
    const attempt = async (delay: number): Promise<void> => {
      try {
        await this.abort(objectKey, uploadId);
      } catch (err) {
        // The client's commands say S3 is out of reach as FerryError 'unavailable' (unreachable.ts).
        if (!(err instanceof FerryError && err.kind === 'unavailable') || Date.now() + delay > giveUpAt) throw err;
        setTimeout(() => void attempt(Math.min(delay * 2, ABORT_RETRY_MAX_MS)).catch(() => undefined), delay).unref();
      }
    };
    await attempt(ABORT_RETRY_FIRST_MS);
  }

  /** An object in one request: S3 completes no multipart upload without a part, and a small file needs none. */
  async put(objectKey: string, bytes: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: objectKey, Body: bytes, ...this.options.encryption.write }),
    );
  }
}
