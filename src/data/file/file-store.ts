// DataStore on a local folder: <dir>/<2 first chars of upload id>/<upload id>/<file id>.
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound } from '../../model/errors.js';
import { randomId } from '../../model/ids.js';
import { dataPathOf, type ByteRange, type DataKey, type PersistentDataStore } from '../store.js';
import { FileChunks } from './file-chunks.js';
import { ReadBudget } from './read-budget.js';

/** Suffix of files still being written: never read, removed by the cleanup after a crash. */
export const PARTIAL_SUFFIX = '.partial';

export class FileDataStore implements PersistentDataStore {
  private readonly readBudget = new ReadBudget();

  constructor(private readonly directory: string) {}

  async write(key: DataKey, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const partial = `${target}.${randomId(8)}${PARTIAL_SUFFIX}`;
    const handle = await createInFolder(partial);
    try {
      await pipeline(body, createWriteStream('', { fd: handle }));
      await syncFile(partial);
      // The rename is atomic: a reader sees no file or the whole file, never a part.
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async read(key: DataKey, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? notFound(`data of file ${key.fileId} not found`) : err;
    });
    // createReadStream closed the handle on any failure; here a failed stat must close it before the stream owns it.
    const length = range ? range.end - range.start + 1 : await sizeOf(handle);
    const { chunkSize, release } = this.readBudget.take(length);
    const stream = new FileChunks(handle, { start: range?.start ?? 0, length, chunkSize });
    // 'close' comes after the end, an error or a destroy alike: whichever way the read finishes, its share returns.
    stream.once('close', release);
    return stream;
  }

  async size(key: DataKey): Promise<number | undefined> {
    const stats = await stat(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    return stats?.size;
  }

  async remove(key: DataKey): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    // The upload's folder goes with its last file; a folder still in use refuses, which is fine.
    await rmdir(path.dirname(file)).catch(() => undefined);
  }

  /** Partial files of writes cut short by a crash: a live write touches its file at every chunk. */
  async removeLeftovers(before: number): Promise<number> {
    const entries = await readdir(this.directory, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(PARTIAL_SUFFIX)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const stats = await stat(file).catch(() => undefined);
      if (!stats || stats.mtimeMs >= before) continue;
      await rm(file, { force: true });
      await rmdir(entry.parentPath).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  private pathOf(key: DataKey): string {
    return path.join(this.directory, ...dataPathOf(key).split('/'));
  }
}

/**
 * Creates the file and its folder. The removal of an upload's last file takes the folder away with it, and may
 * do so between this mkdir and this open, or inside the mkdir itself (it found the folder, then could not stat it):
 * then the folder is made again. Once the file exists, it holds the folder.
 */
async function createInFolder(file: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(path.dirname(file), { recursive: true });
      return await open(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw err;
    }
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sizeOf(handle: FileHandle): Promise<number> {
  try {
    return (await handle.stat()).size;
  } catch (err) {
    await handle.close();
    throw err;
  }
}
