// Directories and groups of files as one archive (tar.gz, tar or zip) built while it uploads: entries are read one
// file at a time and the archive flows into the request as it is made, with no temporary file.
import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type archiver from 'archiver';
import type { Header, Pack } from 'tar-stream';
import type tarStream from 'tar-stream';
import { requireWhenUsed } from '../when-used.js';
import { CliError } from './errors.js';
import { counted, type Counter } from './progress.js';

export const ARCHIVE_FORMATS = ['tar.gz', 'tar', 'zip'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

/**
 * A format from a flag (`tar.gz`, `tgz`, `tar`, `zip`) or from Plik's settings, where ArchiveMethod is tar or zip
 * and ArchiveOptions.Compress says how tar compresses ("no" for none, gzip when unset; Ferry has gzip only).
 */
export function parseArchiveFormat(method: string, compress = 'no'): ArchiveFormat {
  switch (method.toLowerCase()) {
    case 'zip':
      return 'zip';
    case 'tar':
      return compress.toLowerCase() === 'no' ? 'tar' : 'tar.gz';
    case 'tar.gz':
    case 'tgz':
      return 'tar.gz';
    default:
      throw new CliError(`unknown archive format ${JSON.stringify(method)}: use ${ARCHIVE_FORMATS.join(', ')}`);
  }
}

/** As Plik names archives: after the one path archived, or "archive" for several. */
export function archiveName(paths: string[], format: ArchiveFormat): string {
  const [only] = paths;
  const base = paths.length === 1 && only !== undefined ? path.basename(path.resolve(only)) : 'archive';
  return `${base}.${format}`;
}

interface Entry {
  source: string;
  /** The path inside the archive: the argument's own name, then the path below it, with / separators. */
  name: string;
  stats: Stats;
}

/** Every entry under the paths, depth first in name order. Links below the top are kept as links, as tar does. */
async function* walk(paths: string[]): AsyncGenerator<Entry> {
  async function* below(source: string, name: string, stats: Stats): AsyncGenerator<Entry> {
    yield { source, name, stats };
    if (!stats.isDirectory()) return;
    for (const child of (await readdir(source)).sort()) {
      const childSource = path.join(source, child);
      yield* below(childSource, `${name}/${child}`, await lstat(childSource));
    }
  }
  // A path given on the command line is followed if it is a link: `ferry upload link-to-dir` means the directory.
  for (const top of paths) yield* below(top, path.basename(path.resolve(top)), await stat(top));
}

/** Bytes of the files the archive will hold, for the progress bar. */
export async function archiveInputSize(paths: string[]): Promise<number> {
  let total = 0;
  for await (const { stats } of walk(paths)) if (stats.isFile()) total += stats.size;
  return total;
}

/** The archive as a stream; `count` hears of every file byte read into it. A failure reading a file fails the stream. */
export function archiveStream(paths: string[], format: ArchiveFormat, count: Counter): Readable {
  if (format === 'zip') {
    const zip = (requireWhenUsed('archiver') as typeof archiver)('zip');
    fillZip(zip, paths, count).catch((err: Error) => zip.destroy(err));
    return zip;
  }
  const packed = (requireWhenUsed('tar-stream') as typeof tarStream).pack();
  fillTar(packed, paths, count).catch((err: Error) => packed.destroy(err));
  // tar-stream streams are streamx streams: read through their async iterator, they are a Node stream like the rest.
  const tar = Readable.from(packed, { objectMode: false });
  if (format === 'tar') return tar;
  const gzip = createGzip();
  // pipeline destroys gzip with the error if the tar stream fails, so the upload fails too.
  pipeline(tar, gzip).catch(() => undefined);
  return gzip;
}

const modeOf = (stats: Stats) => stats.mode & 0o7777;

async function fillTar(tar: Pack, paths: string[], count: Counter): Promise<void> {
  for await (const { source, name, stats } of walk(paths)) {
    const header = { name, mode: modeOf(stats), mtime: stats.mtime };
    if (stats.isDirectory()) await tarEntry(tar, { ...header, type: 'directory' });
    else if (stats.isSymbolicLink()) await tarEntry(tar, { ...header, type: 'symlink', linkname: await readlink(source) });
    else if (stats.isFile()) await tarEntry(tar, { ...header, type: 'file', size: stats.size }, counted(createReadStream(source), count));
    // Sockets, pipes and devices have no bytes to archive.
  }
  tar.finalize();
}

/** One entry written into the tar stream, its bytes as fast as the tar stream drains. */
async function tarEntry(tar: Pack, header: Partial<Header> & Pick<Header, 'name'>, body?: Readable): Promise<void> {
  let settle: (err?: Error | null) => void = () => undefined;
  const written = new Promise<void>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve());
  });
  const sink = tar.entry(header, (err) => settle(err));
  for await (const chunk of body ?? []) {
    if (!sink.write(chunk as Buffer)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
  }
  sink.end(undefined);
  await written;
}

async function fillZip(zip: archiver.Archiver, paths: string[], count: Counter): Promise<void> {
  for await (const { source, name, stats } of walk(paths)) {
    const data = { name, mode: modeOf(stats), date: stats.mtime };
    // archiver makes a directory entry of a name that ends with "/".
    if (stats.isDirectory()) zip.append(Buffer.alloc(0), { ...data, name: `${name}/` });
    else if (stats.isSymbolicLink()) zip.symlink(name, await readlink(source), modeOf(stats));
    else if (stats.isFile()) {
      const file = counted(createReadStream(source), count);
      // archiver does not watch its sources for errors: a file that cannot be read must fail the archive.
      file.once('error', (err) => zip.destroy(err));
      zip.append(file, data);
    } else continue;
    // archiver queues entries; waiting for each keeps one file open at a time.
    await once(zip, 'entry');
  }
  await zip.finalize();
}
