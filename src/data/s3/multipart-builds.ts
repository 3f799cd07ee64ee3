// Files built across requests on S3 (tus uploads): one multipart upload per file, a part each time PartSize bytes
// have come, and the bytes of a request that do not fill a part kept as an object of their own, never on local disk,
// so that any instance can go on. Everything needed to go on is in the caller's `state`.
//
// The bytes after n parts wait in <key>.tail.<n + 1>, the part they will begin. An append that goes on from a state
// replaces that object with the same bytes and more, so that the first `size` bytes any state counts there stay
// right, whichever later reports its caller did not keep. Tails therefore go only with the file (finish, abort):
// at most one a part, their sum less than the file's size.
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { tooLarge } from '../../model/errors.js';
import type { AppendOptions, PartialFile } from '../store.js';
import type { MultipartRequests, SentPart } from './multipart-requests.js';
import type { S3StoreOptions } from './s3-options.js';

/** A file being built, as its `state` keeps it (plain JSON). Every part but the last is `partSize` bytes. */
interface Building {
  uploadId: string;
  /** The part size the file began with: offsets count in it, so it may not change under the file. */
  partSize: number;
  parts: SentPart[];
  /** Bytes past the last part, the first `size` of <key>.tail.<parts + 1>. */
  tail?: { size: number };
  /** The file's size, once its last part, shorter than the others, is sent: nothing more may follow. */
  size?: number;
}

const offsetOf = (building: Building) => building.size ?? building.parts.length * building.partSize + (building.tail?.size ?? 0);

export class MultipartBuilds {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3StoreOptions,
    private readonly requests: MultipartRequests,
  ) {}

  async begin(objectKey: string): Promise<PartialFile> {
    const building: Building = { uploadId: await this.requests.create(objectKey), partSize: this.options.partSize, parts: [] };
    return { offset: 0, state: building };
  }

  /** Holds at most one part (the tail it starts from, then the bytes that follow) and one incoming buffer. */
  async append(objectKey: string, partial: PartialFile, body: Readable, { length, durable }: AppendOptions): Promise<PartialFile> {
    const start = this.continuable(partial);
    const building: Building = { ...start, parts: [...start.parts], tail: undefined };
    const part = Buffer.allocUnsafe(building.partSize);
    let filled = start.tail ? await this.readTail(objectKey, start, part) : 0;
    let position = partial.offset;
    let moved = false;
    const report = async () => {
      moved = true;
      await durable({ offset: position, state: { ...building, parts: [...building.parts] } });
    };
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const end = length ?? start.size;
      if (end !== undefined && position + chunk.length > end) throw tooLarge(`more bytes than the file's ${end}`);
      for (let at = 0; at < chunk.length; ) {
        const copied = chunk.copy(part, filled, at);
        at += copied;
        filled += copied;
        position += copied;
        if (filled < building.partSize) continue;
        building.parts.push(await this.uploadPart(objectKey, building, part));
        filled = 0;
        await report();
      }
    }
    if (filled > 0 && position > partial.offset) {
      if (position === length) {
        // The file's end: its last part may be smaller than S3's minimum.
        building.parts.push(await this.uploadPart(objectKey, building, part.subarray(0, filled)));
        building.size = position;
      } else {
        building.tail = { size: filled };
        await this.putTail(objectKey, building, part.subarray(0, filled));
      }
      await report();
    } else if (!moved) {
      return partial;
    }
    return { offset: position, state: building };
  }

  async finish(objectKey: string, partial: PartialFile): Promise<void> {
    const building = this.continuable(partial);
    const tail = building.tail ? Buffer.allocUnsafe(building.tail.size) : undefined;
    if (tail) await this.readTail(objectKey, building, tail);
    if (building.parts.length === 0) {
      await this.requests.put(objectKey, tail ?? Buffer.alloc(0));
      await this.requests.abort(objectKey, building.uploadId);
    } else {
      const parts = tail ? [...building.parts, await this.uploadPart(objectKey, building, tail)] : building.parts;
      await this.requests.complete(objectKey, building.uploadId, parts);
    }
    await this.deleteTails(objectKey);
  }

  async abort(objectKey: string, partial: PartialFile): Promise<void> {
    await this.requests.abort(objectKey, this.buildingOf(partial).uploadId);
    await this.deleteTails(objectKey);
  }

  private uploadPart(objectKey: string, building: Building, bytes: Buffer): Promise<SentPart> {
    return this.requests.uploadPart(objectKey, building.uploadId, building.parts.length + 1, bytes);
  }

  /** Where the bytes past the parts of `building` wait; without a building, what all tails' keys begin with. */
  private tailKeyOf(objectKey: string, building?: Building): string {
    return `${objectKey}.tail.${building ? building.parts.length + 1 : ''}`;
  }

  private putTail(objectKey: string, building: Building, bytes: Buffer): Promise<void> {
    return this.requests.put(this.tailKeyOf(objectKey, building), bytes);
  }

  /** Reads the tail `building` counts into `into`: its first `size` bytes, as what came after them is not its. */
  private async readTail(objectKey: string, building: Building, into: Buffer): Promise<number> {
    const size = building.tail?.size ?? 0;
    const { Body } = await this.client.send(
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.tailKeyOf(objectKey, building),
        Range: `bytes=0-${size - 1}`,
        ...this.options.encryption.read,
      }),
    );
    let filled = 0;
    for await (const chunk of Body as Readable) filled += (chunk as Buffer).copy(into, filled);
    if (filled !== size) throw new Error(`the tail of ${objectKey} holds fewer bytes than its state says`);
    return filled;
  }

  /** Every tail of the file, once it is finished or given up. */
  private async deleteTails(objectKey: string): Promise<void> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.tailKeyOf(objectKey), ContinuationToken }),
      );
      const tails = (page.Contents ?? []).map(({ Key }) => ({ Key }));
      if (tails.length > 0) await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: tails } }));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
  }

  /** The state as the caller kept it, checked: it comes back from the metadata store. */
  private buildingOf({ offset, state }: PartialFile): Building {
    const building = state as Building;
    const wellFormed =
      typeof building?.uploadId === 'string' &&
      Number.isSafeInteger(building.partSize) &&
      Array.isArray(building.parts) &&
      building.parts.every((part, i) => part.PartNumber === i + 1 && typeof part.ETag === 'string') &&
      (building.tail === undefined ||
        (Number.isSafeInteger(building.tail.size) && building.tail.size > 0 && building.tail.size < building.partSize)) &&
      (building.size === undefined || Number.isSafeInteger(building.size));
    if (!wellFormed || offsetOf(building) !== offset) throw new Error('malformed state of a file being built on S3');
    return building;
  }

  /** The state of a file to go on with: its offsets count in its part size, which must still be the store's. */
  private continuable(partial: PartialFile): Building {
    const building = this.buildingOf(partial);
    if (building.partSize !== this.options.partSize) {
      throw new Error(`this file began with parts of ${building.partSize} bytes, and PartSize is now ${this.options.partSize}`);
    }
    return building;
  }
}
