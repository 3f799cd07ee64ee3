// Plik's client binaries offered by this server (ClientsDirectory), laid out as Plik ships them: `<os>-<arch>/plik`
// (`plik.exe` on Windows, `bash/plik.sh`). `GET /version` lists them in Plik's shape, with each binary's MD5: that
// is how `plik --update` decides whether its own binary is current and which path to fetch under /clients/.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface ClientBuild {
  name: string;
  md5: string;
  /** Relative to the server's base URL, as Plik's clients join it: `clients/linux-amd64/plik`. */
  path: string;
  os: string;
  arch: string;
}

const OS_NAMES: Record<string, string> = {
  darwin: 'MacOS',
  linux: 'Linux',
  windows: 'Windows',
  openbsd: 'OpenBSD',
  freebsd: 'FreeBSD',
  bash: 'Bash (curl)',
};
const ARCH_NAMES: Record<string, string> = { '386': '32bit', amd64: '64bit', arm: 'ARM', arm64: 'ARM64' };

/** The binaries in `folder`, sorted by path; none when the folder does not exist (Plik's default names one). */
export async function findClientBuilds(folder: string): Promise<ClientBuild[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return [];
    throw err;
  });
  const builds = entries
    .filter((entry) => entry.isFile() && entry.name.startsWith('plik'))
    .map((entry) => ({
      file: path.join(entry.parentPath, entry.name),
      relative: path.relative(folder, path.join(entry.parentPath, entry.name)),
    }))
    // One folder deep, as Plik's build script reads them: the folder's name is the platform.
    .filter(({ relative }) => relative.split(path.sep).length === 2)
    .sort((a, b) => a.relative.localeCompare(b.relative));
  return Promise.all(
    builds.map(async ({ file, relative }) => {
      const [platform = ''] = relative.split(path.sep);
      const [os = '', arch = ''] = platform.split('-');
      return {
        name: [OS_NAMES[os] ?? os, ARCH_NAMES[arch] ?? arch].filter(Boolean).join(' '),
        md5: await md5Of(file),
        path: ['clients', ...relative.split(path.sep)].join('/'),
        os,
        arch,
      };
    }),
  );
}

async function md5Of(file: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
