// DataStore on an S3 bucket (AWS or any S3-compatible server): one object per file, written as a streamed
// multipart upload, read with GetObject and its Range; files built across requests as multipart uploads too.
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { notFound } from '../../model/errors.js';
import {
  dataPathOf,
  type AppendOptions,
  type ByteRange,
  type DataBackendStore,
  type DataKey,
  type PartialFile,
  type PresignedAnswer,
  type PresigningDataStore,
} from '../store.js';
import { MultipartBuilds } from './multipart-builds.js';
import { MultipartRequests } from './multipart-requests.js';
import { writeObject } from './object-writes.js';
import type { S3StoreOptions } from './s3-options.js';

export class S3DataStore implements DataBackendStore, PresigningDataStore {
  /** A durable offset is a part sent: S3 keeps nothing shorter but the last, or an object of its own. */
  readonly checkpointSize: number;
  readonly endAlignment = 1;
  private readonly requests: MultipartRequests;
  private readonly builds: MultipartBuilds;

  constructor(
    readonly client: S3Client,
    private readonly options: S3StoreOptions,
  ) {
    this.checkpointSize = options.partSize;
    this.requests = new MultipartRequests(client, options);
    this.builds = new MultipartBuilds(client, options, this.requests);
  }

  write(key: DataKey, body: Readable): Promise<void> {
    return writeObject(this.requests, this.keyOf(key), body, this.options);
  }

  async read(key: DataKey, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(key),
          Range: range && `bytes=${range.start}-${range.end}`,
          ...this.options.encryption.read,
        }),
      );
      // In Node.js the body is the HTTP response itself (an IncomingMessage): bytes flow as they are read.
      return object.Body as Readable;
    } catch (err) {
      if (isMissingObject(err)) throw notFound(`data of file ${key.fileId} not found`);
      throw err;
    }
  }

  async size(key: DataKey): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key), ...this.options.encryption.read }),
      );
      return head.ContentLength;
    } catch (err) {
      if (isMissingObject(err)) return undefined;
      throw err;
    }
  }

  /** S3 answers a delete of a missing key with success already. */
  async remove(key: DataKey): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
  }

  begin(key: DataKey): Promise<PartialFile> {
    return this.builds.begin(this.keyOf(key));
  }

  append(key: DataKey, partial: PartialFile, body: Readable, options: AppendOptions): Promise<PartialFile> {
    return this.builds.append(this.keyOf(key), partial, body, options);
  }

  async finish(key: DataKey, partial: PartialFile): Promise<void> {
    try {
      await this.builds.finish(this.keyOf(key), partial);
    } catch (err) {
      // Finished already (a caller that failed to keep that it was): the object is there, whole.
      if ((await this.size(key)) !== partial.offset) throw err;
    }
  }

  abort(key: DataKey, partial: PartialFile): Promise<void> {
    return this.builds.abort(this.keyOf(key), partial);
  }

  keyOf(key: DataKey): string {
    return this.options.prefix ? `${this.options.prefix}/${dataPathOf(key)}` : dataPathOf(key);
  }

  /** Signed here with the client's credentials, no request made: S3 checks the signature and the expiry at the GET. */
  presignRead(key: DataKey, answer: PresignedAnswer): Promise<string> {
    const get = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: this.keyOf(key),
      ResponseContentType: answer.contentType,
      ResponseContentDisposition: answer.contentDisposition,
      ResponseCacheControl: answer.cacheControl,
    });
    return getSignedUrl(this.client, get, { expiresIn: answer.seconds });
  }
}

/** A 404 about the object (NoSuchKey, or NotFound for HEAD, which has no body), not about the bucket. */
function isMissingObject(err: unknown): boolean {
  return err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404 && err.name !== 'NoSuchBucket';
}
