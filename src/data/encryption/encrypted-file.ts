// One file's bytes through Ferry's encryption, over any store: sealed on the way in, opened on the way out. A view
// of a file, not a store: it holds the file's secret and size.
import { Readable } from 'node:stream';
import type { ByteRange, DataKey, DataStore, FileView } from '../store.js';
import { decrypt, encrypt, HEADER_SIZE, readHeader, sealedRangeOf } from './chunked-gcm.js';

export class EncryptedFile implements FileView {
  /**
   * `secret`: the server's master key or the link's secret; the file key derives from it and a per-file salt.
   * `plainSize`: the file's size, needed to map a Range onto chunks and to know which chunk is the last.
   */
  constructor(
    private readonly inner: DataStore,
    private readonly secret: Buffer,
    private readonly plainSize = 0,
  ) {}

  write(key: DataKey, body: Readable): Promise<void> {
    return this.inner.write(key, Readable.from(encrypt(body, this.secret), { objectMode: false }));
  }

  async read(key: DataKey, range?: ByteRange): Promise<Readable> {
    const headerBytes = await bytesOf(await this.inner.read(key, { start: 0, end: HEADER_SIZE - 1 }));
    const header = readHeader(headerBytes, this.secret);
    const plain = range ?? { start: 0, end: this.plainSize - 1 };
    const { firstChunk, sealed } = sealedRangeOf(plain.start, plain.end, this.plainSize);
    const body = await this.inner.read(key, sealed);
    return Readable.from(decrypt(body, header, { ...plain, size: this.plainSize }, firstChunk), { objectMode: false });
  }
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
