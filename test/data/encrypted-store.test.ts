// Encrypted files over the folder and the bucket, against the same contracts as the stores themselves: one file at
// a time (EncryptedFile), and built across requests (EncryptedResumableStore), read back by the one decrypt path.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, HEADER_SIZE, SEALED_CHUNK_SIZE, sealedSize } from '../../src/data/encryption/chunked-gcm.js';
import { EncryptedFile } from '../../src/data/encryption/encrypted-file.js';
import { EncryptedResumableStore } from '../../src/data/encryption/encrypted-resumable.js';
import type { DataKey, PartialFile, PersistentDataStore } from '../../src/data/store.js';
import { bodyOf, bytesOf, dataStoreSuite, newKey } from './data-store-suite.js';
import { filesOf, heldInBucket, openFolder, openOnTestBucket } from './opened-stores.js';
import { resumableStoreSuite } from './resumable-store-suite.js';

const secret = randomBytes(32);

/** The plain size of a sealed file of `sealed` bytes: sealedSize() undone, as the metadata store would tell it. */
function plainSizeOf(sealed: number): number {
  const chunks = Math.max(1, Math.ceil((sealed - HEADER_SIZE) / SEALED_CHUNK_SIZE));
  return sealed - HEADER_SIZE - chunks * (SEALED_CHUNK_SIZE - CHUNK_SIZE);
}

/** The view as a store, for the DataStore contract: the plain size, which the domain keeps, read from the inner one. */
function encryptedOver(inner: PersistentDataStore): PersistentDataStore {
  const plainSize = async (key: DataKey) => {
    const sealed = await inner.size(key);
    return sealed === undefined ? undefined : plainSizeOf(sealed);
  };
  return {
    write: (key, body) => new EncryptedFile(inner, secret).write(key, body),
    read: async (key, range) => new EncryptedFile(inner, secret, (await plainSize(key)) ?? 0).read(key, range),
    size: plainSize,
    remove: (key) => inner.remove(key),
  };
}

const innerOf = (partial: PartialFile) => (partial.state as { inner: PartialFile }).inner;

dataStoreSuite('EncryptedFile over FileDataStore', async () => {
  const { store, close } = await openFolder();
  return { store: encryptedOver(store), close };
});

dataStoreSuite('EncryptedFile over S3DataStore', async () => {
  const { store, close } = await openOnTestBucket();
  return { store: encryptedOver(store), close };
});

resumableStoreSuite('EncryptedResumableStore over FileDataStore', async () => {
  const { directory, store, close } = await openFolder();
  return {
    store: new EncryptedResumableStore(store, secret),
    read: (key, size, range) => new EncryptedFile(store, secret, size).read(key, range),
    held: (key) => filesOf(directory, key),
    close,
  };
});

resumableStoreSuite('EncryptedResumableStore over S3DataStore', async () => {
  const { bucket, store, close } = await openOnTestBucket();
  return {
    store: new EncryptedResumableStore(store, secret),
    read: (key, size, range) => new EncryptedFile(store, secret, size).read(key, range),
    held: (key, partial) => heldInBucket(bucket, store, key, innerOf(partial)),
    close,
  };
});

describe('EncryptedResumableStore', () => {
  it('stores no plaintext short of a chunk: the offset stays before it, and the file is as one written at once', async () => {
    const { store, close } = await openFolder();
    try {
      const encrypted = new EncryptedResumableStore(store, secret);
      const key = newKey();
      const bytes = randomBytes(3 * CHUNK_SIZE + 5);
      const durable = async () => undefined;
      // A full chunk at the end of a request whose length is not known may be the last one: it waits too.
      const first = await encrypted.append(key, await encrypted.begin(key), bodyOf(bytes.subarray(0, 2 * CHUNK_SIZE)), { durable });
      expect(first.offset).toBe(CHUNK_SIZE);
      expect(innerOf(first).offset).toBe(HEADER_SIZE + SEALED_CHUNK_SIZE);
      const second = await encrypted.append(key, first, bodyOf(bytes.subarray(first.offset, 3 * CHUNK_SIZE + 1)), { durable });
      expect(second.offset).toBe(3 * CHUNK_SIZE);
      const done = await encrypted.append(key, second, bodyOf(bytes.subarray(second.offset)), { length: bytes.length, durable });
      await encrypted.finish(key, done);
      expect(await store.size(key)).toBe(sealedSize(bytes.length));
      // Nothing of the plaintext in the stored bytes, not even its tail.
      const sealed = await bytesOf(await store.read(key));
      expect(sealed.includes(bytes.subarray(-5))).toBe(false);
      expect((await bytesOf(await new EncryptedFile(store, secret, bytes.length).read(key))).equals(bytes)).toBe(true);
    } finally {
      await close();
    }
  });
});
