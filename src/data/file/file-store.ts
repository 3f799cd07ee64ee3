// DataStore on a local folder: <dir>/<2 first chars of upload id>/<upload id>/<file id>. Files built across
// requests (tus) grow in place beside it, as <file id>.building, until renamed to their name.
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound, tooLarge } from '../../model/errors.js';
import { randomId } from '../../model/ids.js';
import { dataPathOf, type AppendOptions, type ByteRange, type DataBackendStore, type DataKey, type PartialFile } from '../store.js';
import { FileChunks } from './file-chunks.js';
import { ReadBudget } from './read-budget.js';

/** Suffix of files still being written by one request: never read, removed by the cleanup after a crash. */
export const PARTIAL_SUFFIX = '.partial';
/** Suffix of files built across requests: they outlive a restart, and go only with their upload or when abandoned. */
export const BUILDING_SUFFIX = '.building';

const MiB = 1024 * 1024;

export interface FileStoreOptions {
  /** A file being built that nothing touched for this long (ms) is an abandoned upload's: the cleanup frees it. */
  abandonedAfterMs?: number;
}

export class FileDataStore implements DataBackendStore {
  /**
   * Each durable offset costs an fsync and the caller's write of it to the metadata store: every 4 MiB that is some
   * 256 of each per GiB, while a broken request makes its client send at most 4 MiB again.
   */
  readonly checkpointSize = 4 * MiB;
  readonly endAlignment = 1;
  private readonly readBudget = new ReadBudget();
  private readonly abandonedAfterMs: number;

  constructor(
    private readonly directory: string,
    // A week: well past any expiry the domain gives an idle upload, which it frees itself by abort().
    { abandonedAfterMs = 7 * 24 * 3600_000 }: FileStoreOptions = {},
  ) {
    this.abandonedAfterMs = abandonedAfterMs;
  }

  async write(key: DataKey, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const partial = `${target}.${randomId(8)}${PARTIAL_SUFFIX}`;
    const handle = await createInFolder(partial, 'wx');
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

  async begin(key: DataKey): Promise<PartialFile> {
    // 'w': a begin repeated (its caller failed before keeping the first) starts the same file again, empty.
    await (await createInFolder(this.buildingPathOf(key), 'w')).close();
    return { offset: 0, state: null };
  }

  /**
   * Positional writes from the durable offset on, the file first cut there: bytes a broken append wrote past it are
   * overwritten or cut, never kept, as their digests were not. The caller holds the file alone while it appends.
   */
  async append(key: DataKey, partial: PartialFile, body: Readable, { length, durable }: AppendOptions): Promise<PartialFile> {
    const handle = await this.openBuilding(key, partial);
    try {
      await handle.truncate(partial.offset);
      let position = partial.offset;
      let reported = partial.offset;
      const report = async (offset: number) => {
        await handle.sync();
        reported = offset;
        await durable({ offset, state: null });
      };
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (length !== undefined && position + chunk.length > length) throw tooLarge(`more bytes than the file's ${length}`);
        for (let at = 0; at < chunk.length; ) {
          const { bytesWritten } = await handle.write(chunk, at, chunk.length - at, position);
          at += bytesWritten;
          position += bytesWritten;
        }
        const checkpoint = position - (position % this.checkpointSize);
        if (checkpoint > reported) await report(checkpoint);
      }
      if (position > reported) await report(position);
      return { offset: position, state: null };
    } finally {
      await handle.close();
    }
  }

  async finish(key: DataKey, partial: PartialFile): Promise<void> {
    const building = this.buildingPathOf(key);
    const handle = await this.openBuilding(key, partial).catch(async (err: unknown) => {
      // Finished already (a caller that failed to keep that it was): the file is in place, whole.
      if ((await this.size(key)) === partial.offset) return undefined;
      throw err;
    });
    if (!handle) return;
    try {
      // A broken append may have left bytes past the last durable offset.
      await handle.truncate(partial.offset);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(building, this.pathOf(key));
  }

  async abort(key: DataKey): Promise<void> {
    const building = this.buildingPathOf(key);
    await rm(building, { force: true });
    await rmdir(path.dirname(building)).catch(() => undefined);
  }

  /**
   * Partial files of writes cut short by a crash (a live write touches its file at every chunk), and files being
   * built that nothing touched for `abandonedAfterMs`: those survive a restart, as their uploads go on after it.
   */
  async removeLeftovers(before: number): Promise<number> {
    const abandoned = Math.min(before, Date.now() - this.abandonedAfterMs);
    const entries = await readdir(this.directory, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    let removed = 0;
    for (const entry of entries) {
      const limit = entry.name.endsWith(PARTIAL_SUFFIX) ? before : entry.name.endsWith(BUILDING_SUFFIX) ? abandoned : undefined;
      if (!entry.isFile() || limit === undefined) continue;
      const file = path.join(entry.parentPath, entry.name);
      const stats = await stat(file).catch(() => undefined);
      if (!stats || stats.mtimeMs >= limit) continue;
      await rm(file, { force: true });
      await rmdir(entry.parentPath).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  private pathOf(key: DataKey): string {
    return path.join(this.directory, ...dataPathOf(key).split('/'));
  }

  private buildingPathOf(key: DataKey): string {
    return `${this.pathOf(key)}${BUILDING_SUFFIX}`;
  }

  /** The file being built, checked to hold the durable bytes `partial` counts. */
  private async openBuilding(key: DataKey, partial: PartialFile): Promise<FileHandle> {
    const handle = await open(this.buildingPathOf(key), 'r+').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? notFound(`file ${key.fileId} is not being built`) : err;
    });
    const { size } = await handle.stat().catch(async (err: unknown) => {
      await handle.close();
      throw err;
    });
    if (size >= partial.offset) return handle;
    await handle.close();
    throw new Error(`file ${key.fileId} being built holds ${size} bytes, fewer than its durable ${partial.offset}`);
  }
}

/**
 * Creates the file and its folder. The removal of an upload's last file takes the folder away with it, and may
 * do so between this mkdir and this open, or inside the mkdir itself (it found the folder, then could not stat it):
 * then the folder is made again. Once the file exists, it holds the folder.
 */
async function createInFolder(file: string, flags: 'w' | 'wx'): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(path.dirname(file), { recursive: true });
      return await open(file, flags);
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
