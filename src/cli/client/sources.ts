// What an upload sends: files as they are, a directory or several files as one archive made on the fly, or stdin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import mime from 'mime-types';
import { archiveInputSize, archiveName, archiveStream, type ArchiveFormat } from './archive.js';
import { CliError } from './errors.js';
import { counted, type Counter } from './progress.js';

export interface Source {
  /** The file name on the server. */
  name: string;
  type: string;
  /** Bytes the stream yields, when known before reading it. */
  size?: number;
  /** The archive format, when the source is an archive made of the paths. */
  archive?: ArchiveFormat;
  /** Bytes of input behind the stream, for the progress bar: an archive's file bytes, unknown for stdin. */
  total?: number;
  /** A regular file sent as it is: it can be read again from any offset, so its upload can resume. */
  file?: { path: string; mtimeMs: number };
  /** The bytes, read only as fast as they are sent; `count` hears of every input byte. */
  open(count: Counter): Readable;
}

export interface SourceOptions {
  /** The name to upload a single file or stdin under. */
  name?: string;
  /** Archive the paths into one file; a directory among them implies it. */
  archive?: ArchiveFormat;
  defaultArchive: ArchiveFormat;
}

/** Plik's client names stdin this way when no --name is given. */
export const STDIN_NAME = 'STDIN';

const typeOf = (name: string) => mime.lookup(name) || 'application/octet-stream';

export async function collectSources(paths: string[], options: SourceOptions): Promise<Source[]> {
  if (paths.length === 0) {
    const name = options.name || STDIN_NAME;
    return [{ name, type: typeOf(name), open: (count) => counted(process.stdin, count) }];
  }
  const stats = await Promise.all(
    paths.map((p) =>
      stat(p).catch(() => {
        throw new CliError(`${p}: no such file or directory`);
      }),
    ),
  );
  const archive = options.archive ?? (stats.some((s) => s.isDirectory()) ? options.defaultArchive : undefined);
  if (archive) {
    const name = options.name || archiveName(paths, archive);
    const total = await archiveInputSize(paths);
    return [{ name, type: typeOf(name), archive, total, open: (count) => archiveStream(paths, archive, count) }];
  }
  if (options.name && paths.length > 1) throw new CliError('--name renames a single file: give one file, or --archive');
  return paths.map((p, i) => {
    // Pipes and devices (ferry upload /dev/stdin) have no size known in advance.
    const regular = stats[i]?.isFile() ? stats[i] : undefined;
    const size = regular?.size;
    const name = options.name || path.basename(p);
    const file = regular && { path: path.resolve(p), mtimeMs: regular.mtimeMs };
    return { name, type: typeOf(name), size, total: size, file, open: (count) => counted(createReadStream(p), count) };
  });
}
