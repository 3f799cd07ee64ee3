// The local folder store against the DataStore and ResumableDataStore contracts, and what only a folder can show: no
// partial file left, files being built kept by the cleanup until abandoned.
import { once } from 'node:events';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileDataStore } from '../../src/data/file/file-store.js';
import { newFileId, newUploadId } from '../../src/model/ids.js';
import { bodyOf, dataStoreSuite, newKey } from './data-store-suite.js';
import { filesOf, openFolder } from './opened-stores.js';
import { resumableStoreSuite } from './resumable-store-suite.js';

dataStoreSuite('FileDataStore', openFolder);

resumableStoreSuite('FileDataStore', async () => {
  const { directory, store, close } = await openFolder();
  return { store, read: (key, _, range) => store.read(key, range), held: (key) => filesOf(directory, key), close };
});

describe('FileDataStore', () => {
  it('leaves no partial file behind when the source breaks', async () => {
    const { directory, store, close } = await openFolder();
    try {
      await expect(store.write(newKey(), bodyOf(Buffer.alloc(1024 * 1024), 512 * 1024))).rejects.toThrow('the source broke');
      const left = (await readdir(directory, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
      expect(left).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads in big chunks alone and in smaller ones among many downloads, and gives the share back when a read ends', async () => {
    const { store, close } = await openFolder();
    try {
      const MiB = 1024 * 1024;
      const key = newKey();
      await store.write(key, bodyOf(Buffer.alloc(2 * MiB)));
      const lone = await store.read(key);
      expect(lone.readableHighWaterMark).toBe(MiB);
      lone.destroy();
      await once(lone, 'close');

      const many = await Promise.all(Array.from({ length: 300 }, () => store.read(key)));
      const sizes = many.map((stream) => stream.readableHighWaterMark);
      expect(sizes[0]).toBe(MiB);
      expect(sizes.at(-1)).toBe(64 * 1024);
      // The budget (4 MiB) bounds the sum of the chunks, past the floor of 64 KiB each.
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(4 * MiB + 300 * 64 * 1024);

      // Read to the end or broken off, each gives its share back.
      for (const [i, stream] of many.entries()) {
        if (i % 2 === 0) stream.resume();
        else stream.destroy();
      }
      await Promise.all(many.map((stream) => (stream.closed ? undefined : once(stream, 'close'))));
      const after = await store.read(key);
      expect(after.readableHighWaterMark).toBe(MiB);
      after.destroy();
      // A small file, or a small range of a big one, is read in a chunk of its size.
      const small = newKey();
      await store.write(small, bodyOf(Buffer.alloc(10_000)));
      const whole = await store.read(small);
      expect(whole.readableHighWaterMark).toBe(16 * 1024);
      whole.destroy();
      const part = await store.read(key, { start: 0, end: 99 });
      expect(part.readableHighWaterMark).toBe(4 * 1024);
      part.destroy();
    } finally {
      await close();
    }
  });

  it('closes the file of every read, whether read to the end, in part or broken off', async () => {
    const { store, close } = await openFolder();
    try {
      const key = newKey();
      await store.write(key, bodyOf(Buffer.from('0123456789'.repeat(100_000))));
      const openFiles = async () => (await readdir('/proc/self/fd')).length;
      const before = await openFiles();
      for (let i = 0; i < 20; i++) {
        const whole = await store.read(key);
        expect((await text(whole)).length).toBe(1_000_000);
        const part = await store.read(key, { start: 5, end: 14 });
        expect(await text(part)).toBe('5678901234');
        const broken = await store.read(key);
        broken.destroy();
        await once(broken, 'close');
      }
      expect(await openFiles()).toBe(before);
    } finally {
      await close();
    }
  });

  it('writes a file while another of its upload is removed, the folder going and coming back, without failing', async () => {
    const { store, close } = await openFolder();
    try {
      // Each round, writes start in a folder that removals keep emptying: mkdir and rmdir of one path interleave.
      for (let round = 0; round < 100; round++) {
        const uploadId = newUploadId();
        const keys = Array.from({ length: 8 }, () => ({ uploadId, fileId: newFileId() }));
        await Promise.all(keys.map((key) => Promise.all([store.write(key, bodyOf(Buffer.alloc(10))), store.remove(key)])));
        for (const key of keys) expect([undefined, 10]).toContain(await store.size(key));
      }
    } finally {
      await close();
    }
  });
});

describe('FileDataStore, files built across requests', () => {
  it('keeps a file being built through a restart and a sweep, and frees one abandoned for longer than its grace', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'ferry-file-store-'));
    const store = new FileDataStore(directory, { abandonedAfterMs: 3600_000 });
    try {
      const [live, abandoned] = [newKey(), newKey()];
      const crashed = { uploadId: live.uploadId, fileId: newFileId() };
      await store.begin(live);
      await store.begin(abandoned);
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      const building = path.join(directory, abandoned.uploadId.slice(0, 2), abandoned.uploadId, `${abandoned.fileId}.building`);
      await utimes(building, hoursAgo, hoursAgo);
      // A one-request write cut short, as a crash leaves it.
      const partial = path.join(directory, live.uploadId.slice(0, 2), live.uploadId, `${crashed.fileId}.x.partial`);
      await writeFile(partial, 'half');

      // At start (everything older than now is a leftover), only the crashed write and the abandoned build go.
      expect(await store.removeLeftovers(Infinity)).toBe(2);
      expect(await filesOf(directory, live)).toEqual([`${live.fileId}.building`]);
      expect(await filesOf(directory, abandoned)).toEqual([]);
      expect(await filesOf(directory, crashed)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('overwrites what a crashed append left past the durable offset', async () => {
    const { directory, store, close } = await openFolder();
    try {
      const key = newKey();
      const begun = await store.begin(key);
      const first = await store.append(key, begun, bodyOf(Buffer.from('durable ')), { durable: async () => undefined });
      // The process died in the middle of the next append: bytes past the offset, never reported.
      await writeFile(path.join(directory, key.uploadId.slice(0, 2), key.uploadId, `${key.fileId}.building`), 'durable garbage!');
      const done = await store.append(key, first, bodyOf(Buffer.from('end')), { length: 11, durable: async () => undefined });
      await store.finish(key, done);
      expect(await text(await store.read(key))).toBe('durable end');
    } finally {
      await close();
    }
  });
});
