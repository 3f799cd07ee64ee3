// What every ResumableDataStore must do, as one suite that each implementation's test file runs against its store:
// files rebuilt byte-exact from appends of any size, durable offsets on checkpoints, broken bodies that cost only
// what followed the last durable offset, finish and abort that leave the store as it should be, bounded memory.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKey, PartialFile, ResumableDataStore } from '../../src/data/store.js';
import { bodyOf, bytesOf, newKey } from './data-store-suite.js';

const MiB = 1024 * 1024;

export interface OpenedResumableStore {
  store: ResumableDataStore;
  /** The finished file's bytes, as downloads read them. */
  read(key: DataKey, size: number, range?: { start: number; end: number }): Promise<Readable>;
  /** What the backend holds for `key` (files in the folder, objects and live multipart uploads in the bucket). */
  held(key: DataKey, partial: PartialFile): Promise<string[]>;
  close(): Promise<void>;
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Appends `bytes` from `partial.offset` up to `until`, recording every durable report. */
async function appendUpTo(
  store: ResumableDataStore,
  key: DataKey,
  partial: PartialFile,
  bytes: Buffer,
  until: number,
  reports: number[] = [],
): Promise<PartialFile> {
  const last = until === bytes.length;
  const result = await store.append(key, partial, bodyOf(bytes.subarray(partial.offset, until)), {
    length: last ? bytes.length : undefined,
    durable: async (reported) => void reports.push(reported.offset),
  });
  if (result.offset !== partial.offset) expect(reports.at(-1)).toBe(result.offset);
  return result;
}

/** Sends the file as a tus client does: a request per cut, each from the offset the last one ended at. */
async function sendInRequests(store: ResumableDataStore, key: DataKey, bytes: Buffer, cuts: number[]): Promise<PartialFile> {
  let partial = await store.begin(key);
  for (const cut of [...cuts, bytes.length]) {
    const reports: number[] = [];
    const before = partial.offset;
    partial = await appendUpTo(store, key, partial, bytes, Math.max(cut, partial.offset), reports);
    const end = Math.max(cut, before);
    // At the body's end, or at the last multiple of endAlignment before it.
    if (partial.offset !== end) {
      expect(partial.offset % store.endAlignment).toBe(0);
      expect(end - partial.offset).toBeLessThanOrEqual(store.endAlignment);
    }
    expect(partial.offset).toBeGreaterThanOrEqual(before);
    expect(partial.offset).toBeLessThanOrEqual(end);
    for (const [i, offset] of reports.entries()) {
      expect(offset).toBeGreaterThan(i === 0 ? before : reports[i - 1]!);
      // Checkpoints, or where the append ended: the caller keeps its digests at exactly these offsets.
      if (offset !== partial.offset) expect(offset % store.checkpointSize, `offset ${offset}`).toBe(0);
    }
  }
  expect(partial.offset).toBe(bytes.length);
  return partial;
}

export function resumableStoreSuite(name: string, open: () => Promise<OpenedResumableStore>): void {
  describe(`${name}: the ResumableDataStore contract`, () => {
    let opened: OpenedResumableStore;
    let store: ResumableDataStore;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(() => opened?.close());

    const expectFile = async (key: DataKey, bytes: Buffer) => {
      const read = await bytesOf(await opened.read(key, bytes.length));
      expect(read.length).toBe(bytes.length);
      expect(digest(read)).toBe(digest(bytes));
    };

    it('rebuilds a file byte-exact from appends of odd sizes, durable offsets on checkpoints, finished once or twice', async () => {
      const c = store.checkpointSize;
      const bytes = randomBytes(c + 12_345);
      const key = newKey();
      // The last request crosses a checkpoint.
      const partial = await sendInRequests(store, key, bytes, [1000, 1001, 200_000]);
      await store.finish(key, partial);
      // Repeated, as a caller does that did not learn that the first one went through.
      await store.finish(key, partial);
      await expectFile(key, bytes);
      const range = { start: c - 70_000, end: c + 5 };
      const part = await bytesOf(await opened.read(key, bytes.length, range));
      expect(part.equals(bytes.subarray(range.start, range.end + 1))).toBe(true);
      expect(await opened.held(key, partial)).toHaveLength(1);
    });

    it('keeps the last durable offset when a body breaks, and goes on from it byte-exact', async () => {
      const c = store.checkpointSize;
      const bytes = randomBytes(c + 300_000);
      const key = newKey();
      const begun = await store.begin(key);
      let kept = begun;
      const broken = store.append(key, begun, bodyOf(bytes, c + 128 * 1024), {
        length: bytes.length,
        durable: async (partial) => void (kept = partial),
      });
      await expect(broken).rejects.toThrow('the source broke');
      expect(kept.offset).toBe(c);
      // The caller's claim ends at the next report: the store stops there, and the offset stays where it was.
      const lost = new Error('claim lost');
      const refused = store.append(key, kept, bodyOf(bytes.subarray(kept.offset)), {
        length: bytes.length,
        durable: () => Promise.reject(lost),
      });
      await expect(refused).rejects.toBe(lost);
      const partial = await appendUpTo(store, key, kept, bytes, bytes.length);
      await store.finish(key, partial);
      await expectFile(key, bytes);
    });

    it('goes on from an older state than the last reported, as after a request whose checksum failed at its end', async () => {
      const c = store.checkpointSize;
      const bytes = randomBytes(c + 300_000);
      const key = newKey();
      const kept = await appendUpTo(store, key, await store.begin(key), bytes, 100_000);
      // Wrong bytes, over a checkpoint and past it: every report made, none kept.
      const junk = randomBytes(c + 200_000 - kept.offset);
      await store.append(key, kept, bodyOf(junk), { durable: async () => undefined });
      const partial = await appendUpTo(store, key, kept, bytes, bytes.length);
      await store.finish(key, partial);
      await expectFile(key, bytes);
      expect(await opened.held(key, partial)).toHaveLength(1);
    });

    it('refuses bytes past the length, the offset unmoved', async () => {
      const key = newKey();
      const begun = await store.begin(key);
      const tooMany = store.append(key, begun, bodyOf(randomBytes(1000)), { length: 999, durable: async () => undefined });
      await expect(tooMany).rejects.toMatchObject({ kind: 'too_large' });
      await store.abort(key, begun);
    });

    it('builds a zero-length file, with an empty append or none', async () => {
      for (const appended of [true, false]) {
        const key = newKey();
        let partial = await store.begin(key);
        if (appended) partial = await appendUpTo(store, key, partial, Buffer.alloc(0), 0);
        await store.finish(key, partial);
        await expectFile(key, Buffer.alloc(0));
      }
    });

    it('leaves nothing once aborted, whatever was appended, and nothing readable before the finish', async () => {
      const key = newKey();
      const bytes = randomBytes(store.checkpointSize + 100_000);
      const partial = await appendUpTo(store, key, await store.begin(key), bytes, bytes.length - 1000);
      await expect(opened.read(key, bytes.length)).rejects.toMatchObject({ kind: 'not_found' });
      await store.abort(key, partial);
      expect(await opened.held(key, partial)).toEqual([]);
      await store.abort(key, partial);
    });

    it('holds no more than a checkpoint ahead of what is durable, over a 64 MiB append', async () => {
      const key = newKey();
      const size = 64 * MiB + 3;
      const chunk = 64 * 1024;
      let sent = 0;
      let durable = 0;
      let ahead = 0;
      const body = Readable.from(
        (async function* () {
          for (; sent < size; ) {
            const piece = Buffer.allocUnsafe(Math.min(chunk, size - sent));
            sent += piece.length;
            ahead = Math.max(ahead, sent - durable);
            yield piece;
          }
        })(),
        { objectMode: false },
      );
      const partial = await store.append(key, await store.begin(key), body, {
        length: size,
        durable: async (reported) => void (durable = reported.offset),
      });
      expect(partial.offset).toBe(size);
      // Whatever the store keeps in memory is among the bytes it read and did not make durable yet.
      expect(ahead).toBeLessThanOrEqual(store.checkpointSize + 4 * chunk);
      await store.abort(key, partial);
    });
  });
}
