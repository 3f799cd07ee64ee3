// The local folder store against the DataStore contract, and what only a folder can show: no partial file left.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileDataStore } from '../../src/data/file/file-store.js';
import { bodyOf, dataStoreSuite, newKey } from './data-store-suite.js';

async function openFolder() {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ferry-file-store-'));
  return { directory, store: new FileDataStore(directory), close: () => rm(directory, { recursive: true, force: true }) };
}

dataStoreSuite('FileDataStore', openFolder);

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
});
