// What every PersistentDataStore must do, as one suite that each implementation's test file runs against its store:
// round trips, Range reads, missing keys, idempotent removal, and writes that fail or replace without a trace.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKey, PersistentDataStore } from '../../src/data/store.js';
import { FerryError } from '../../src/model/errors.js';
import { newFileId, newUploadId } from '../../src/model/ids.js';

const MiB = 1024 * 1024;
/** Stores that write in parts (S3) must be opened with parts of this size, so that the sizes below cross one. */
export const SUITE_PART_SIZE = 5 * MiB;

export interface OpenedStore {
  store: PersistentDataStore;
  close(): Promise<void>;
}

export const newKey = (): DataKey => ({ uploadId: newUploadId(), fileId: newFileId() });

/** `bytes` as a request body arrives: in 64 KiB chunks; the source breaks after `failAfter` bytes if given. */
export function bodyOf(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        if (failAfter !== undefined && at >= failAfter) break;
        yield bytes.subarray(at, at + 64 * 1024);
      }
      if (failAfter !== undefined) throw new Error('the source broke');
    })(),
    { objectMode: false },
  );
}

export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FerryError);
  expect(err).toMatchObject({ kind: 'not_found' });
}

export function dataStoreSuite(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: the DataStore contract`, () => {
    let opened: OpenedStore;
    let store: PersistentDataStore;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(() => opened?.close());

    it.each([
      ['empty', 0],
      ['one byte', 1],
      ['one byte over a part', SUITE_PART_SIZE + 1],
    ])('gives back a %s file (%i bytes) as written, and its size', async (_, size) => {
      const key = newKey();
      const bytes = randomBytes(size);
      await store.write(key, bodyOf(bytes));
      expect(await store.size(key)).toBe(size);
      const read = await bytesOf(await store.read(key));
      expect(read.length).toBe(size);
      expect(digest(read)).toBe(digest(bytes));
    });

    it('reads only the bytes of a Range, also across a part boundary', async () => {
      const key = newKey();
      const bytes = randomBytes(SUITE_PART_SIZE + 1);
      await store.write(key, bodyOf(bytes));
      for (const range of [
        { start: 0, end: 0 },
        { start: 10, end: 19 },
        { start: SUITE_PART_SIZE - 2, end: SUITE_PART_SIZE },
        { start: SUITE_PART_SIZE, end: SUITE_PART_SIZE },
        { start: 0, end: SUITE_PART_SIZE },
      ]) {
        const read = await bytesOf(await store.read(key, range));
        expect(read.equals(bytes.subarray(range.start, range.end + 1)), `bytes ${range.start}-${range.end}`).toBe(true);
      }
    });

    it('answers a not_found FerryError for a key that holds nothing, with or without a Range', async () => {
      const key = newKey();
      await expectNotFound(store.read(key));
      await expectNotFound(store.read(key, { start: 0, end: 9 }));
      expect(await store.size(key)).toBeUndefined();
    });

    it('removes idempotently: twice, and a key that never held anything', async () => {
      const key = newKey();
      await store.write(key, bodyOf(Buffer.from('short-lived')));
      await store.remove(key);
      await expectNotFound(store.read(key));
      expect(await store.size(key)).toBeUndefined();
      await store.remove(key);
      await store.remove(newKey());
    });

    it.each([
      ['within the first part', 64 * 1024],
      ['after a whole part was sent', SUITE_PART_SIZE + 128 * 1024],
    ])('leaves nothing readable when the source breaks %s', async (_, failAfter) => {
      const key = newKey();
      await expect(store.write(key, bodyOf(randomBytes(SUITE_PART_SIZE * 2), failAfter))).rejects.toThrow('the source broke');
      await expectNotFound(store.read(key));
      expect(await store.size(key)).toBeUndefined();
    });

    it('keeps the old bytes when a write over them breaks, and shows new ones only once they are whole', async () => {
      const key = newKey();
      const first = randomBytes(1000);
      await store.write(key, bodyOf(first));
      await expect(store.write(key, bodyOf(randomBytes(SUITE_PART_SIZE * 2), SUITE_PART_SIZE + 1))).rejects.toThrow('the source broke');
      expect((await bytesOf(await store.read(key))).equals(first)).toBe(true);

      const second = randomBytes(SUITE_PART_SIZE + 1);
      await store.write(key, bodyOf(second));
      expect(await store.size(key)).toBe(second.length);
      expect(digest(await bytesOf(await store.read(key)))).toBe(digest(second));
    });
  });
}
