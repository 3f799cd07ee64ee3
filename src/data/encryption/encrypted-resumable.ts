// Files built across requests through Ferry's encryption, over any ResumableDataStore: plain offsets outside, sealed
// ones inside, and the same format as a file written at once (chunked-gcm.ts), so that downloads read it alike.
//
// Offsets are whole chunks: a request's plain bytes that fill no chunk, or a full chunk not known to be the file's
// last, are not sealed, so no plaintext waits anywhere; the offset stays before them and the client sends them again.
// Each stretch of `checkpointSize` plain bytes goes to the inner store as an append of its own, which makes its end
// durable there: sealed offsets (a 24-byte header, 16 bytes of tag a chunk) do not fall on the inner store's own
// checkpoints. A stretch is eight of those. On S3, each stretch's end puts what fills no part as a tail object, which
// the next one reads back: in a long request, one part in eight more traffic on average (none in requests shorter
// than a stretch, which end there anyway); a break loses at most a stretch.
import { Readable } from 'node:stream';
import { tooLarge } from '../../model/errors.js';
import type { AppendOptions, DataKey, PartialFile, ResumableDataStore } from '../store.js';
import {
  CHUNK_SIZE,
  HEADER_SIZE,
  newHeader,
  readHeader,
  SEALED_CHUNK_SIZE,
  sealChunks,
  sealedSize,
  type SealedChunk,
} from './chunked-gcm.js';

const INNER_CHECKPOINTS_PER_STRETCH = 8;

/** What the caller keeps of a file being built encrypted: its header is not secret (a salt and a nonce prefix). */
interface SealedBuilding {
  /** Base64 of the file's header, written before its first chunk. */
  header: string;
  /** Where the sealed bytes stand in the inner store. */
  inner: PartialFile;
  /** The last chunk, with its flag, is written: nothing may follow. */
  ended: boolean;
}

/** The sealed size of the first `plainSize` bytes of a file, sealed in whole chunks, the last one not yet. */
const sealedSoFar = (plainSize: number) => (plainSize === 0 ? 0 : HEADER_SIZE + (plainSize / CHUNK_SIZE) * SEALED_CHUNK_SIZE);

export class EncryptedResumableStore implements ResumableDataStore {
  readonly checkpointSize: number;
  readonly endAlignment = CHUNK_SIZE;

  constructor(
    private readonly inner: ResumableDataStore,
    private readonly secret: Buffer,
  ) {
    this.checkpointSize = CHUNK_SIZE * Math.ceil((INNER_CHECKPOINTS_PER_STRETCH * inner.checkpointSize) / CHUNK_SIZE);
  }

  async begin(key: DataKey): Promise<PartialFile> {
    const inner = await this.inner.begin(key);
    const building: SealedBuilding = { header: newHeader(this.secret).bytes.toString('base64'), inner, ended: false };
    return { offset: 0, state: building };
  }

  async append(key: DataKey, partial: PartialFile, body: Readable, { length, durable }: AppendOptions): Promise<PartialFile> {
    let building = this.buildingOf(partial);
    if (building.ended) {
      for await (const chunk of body as AsyncIterable<Buffer>)
        if (chunk.length > 0) throw tooLarge(`more bytes than the file's ${partial.offset}`);
      return partial;
    }
    const headerBytes = Buffer.from(building.header, 'base64');
    const chunks = sealChunks(body, readHeader(headerBytes, this.secret), { firstChunk: partial.offset / CHUNK_SIZE, length })[
      Symbol.asyncIterator
    ]();
    let offset = partial.offset;
    try {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        const stretchEnd = (Math.floor(offset / this.checkpointSize) + 1) * this.checkpointSize;
        const stretch = new Stretch(chunks, next.value, offset, stretchEnd);
        const inner = await this.inner.append(key, building.inner, stretch.body(building.inner.offset === 0 ? headerBytes : undefined), {
          length: length !== undefined && length <= stretchEnd ? sealedSize(length) : undefined,
          // The inner store's own checkpoints fall inside chunks: only where a stretch ends counts here.
          durable: async () => undefined,
        });
        offset = stretch.plainEnd;
        building = { header: building.header, inner, ended: stretch.ended };
        await durable({ offset, state: building });
        if (stretch.exhausted) break;
      }
    } catch (err) {
      // The inner store stopped reading: the source (the request) must not wait for a reader any more.
      body.destroy();
      throw err;
    }
    return { offset, state: building };
  }

  async finish(key: DataKey, partial: PartialFile): Promise<void> {
    let building = this.buildingOf(partial);
    if (!building.ended) {
      // Only an empty file can still be ended here: any other one ends with the append that reaches its length.
      if (partial.offset !== 0) throw new Error('an encrypted file is finished by the append that carries its length');
      building = this.buildingOf(await this.append(key, partial, Readable.from([]), { length: 0, durable: async () => undefined }));
    }
    await this.inner.finish(key, building.inner);
  }

  abort(key: DataKey, partial: PartialFile): Promise<void> {
    return abortSealed(this.inner, key, partial);
  }

  private buildingOf(partial: PartialFile): SealedBuilding {
    return sealedBuildingOf(partial);
  }
}

/** Frees a sealed file being built in `inner`: its state says where, and no secret is needed to let it go. */
export function abortSealed(inner: ResumableDataStore, key: DataKey, partial: PartialFile): Promise<void> {
  return inner.abort(key, sealedBuildingOf(partial).inner);
}

/** The state as the caller kept it, checked: it comes back from the metadata store. */
function sealedBuildingOf({ offset, state }: PartialFile): SealedBuilding {
  const building = state as SealedBuilding;
  const wellFormed =
    typeof building?.header === 'string' &&
    typeof building.ended === 'boolean' &&
    typeof building.inner?.offset === 'number' &&
    offset % (building.ended ? 1 : CHUNK_SIZE) === 0 &&
    building.inner.offset === (building.ended ? sealedSize(offset) : sealedSoFar(offset));
  if (!wellFormed) throw new Error('malformed state of an encrypted file being built');
  return building;
}

/**
 * The sealed chunks of one stretch, as the body of one inner append: from `first` until the chunk that reaches
 * `stretchEnd`, the last chunk of the file, or the source's end.
 */
class Stretch {
  plainEnd: number;
  ended = false;
  /** The source has no more chunks: no stretch follows. */
  exhausted = false;

  constructor(
    private readonly chunks: AsyncIterator<SealedChunk>,
    private readonly first: SealedChunk,
    start: number,
    private readonly stretchEnd: number,
  ) {
    this.plainEnd = start;
  }

  body(header: Buffer | undefined): Readable {
    return Readable.from(this.sealed(header), { objectMode: false });
  }

  private async *sealed(header: Buffer | undefined): AsyncGenerator<Buffer> {
    if (header) yield header;
    for (let chunk = this.first; ; ) {
      this.plainEnd += chunk.plainSize;
      this.ended = chunk.last;
      yield chunk.sealed;
      if (chunk.last) this.exhausted = true;
      if (chunk.last || this.plainEnd >= this.stretchEnd) return;
      const next = await this.chunks.next();
      if (next.done) {
        this.exhausted = true;
        return;
      }
      chunk = next.value;
    }
  }
}
