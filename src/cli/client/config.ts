// The client's settings: ~/.ferryrc, or when there is none Plik's ~/.plikrc (same TOML keys), so that Plik users
// switch with nothing to do. Keys are read case-insensitively, as Plik's client reads them; unknown keys are ignored.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { z } from 'zod';
import { seconds } from '../../config/schema.js';
import { parseArchiveFormat, type ArchiveFormat } from './archive.js';
import { CliError } from './errors.js';

export interface ClientConfig {
  url: string;
  token: string;
  oneShot: boolean;
  removable: boolean;
  stream: boolean;
  secure: boolean;
  /** The archive format when Archive is on; undefined when off (a directory still turns it on). */
  archive: ArchiveFormat | undefined;
  archiveMethod: ArchiveFormat;
  /** Seconds; 0 lets the server choose. */
  ttl: number;
  extendTtl: boolean;
  comments: string;
  login: string;
  password: string;
  downloadLimit: number;
  /** curl, wget, or any command that takes the URL: for the printed download commands. */
  downloadBinary: string;
  quiet: boolean;
  insecure: boolean;
}

/** Plik's client default: a server on this machine. */
export const DEFAULT_URL = 'http://127.0.0.1:8080';

const flag = z.boolean().default(false);
const fileSchema = z.object({
  url: z.string().default(DEFAULT_URL),
  token: z.string().default(''),
  oneshot: flag,
  removable: flag,
  stream: flag,
  secure: flag,
  archive: flag,
  archivemethod: z.string().default('tar'),
  archiveoptions: z.object({ compress: z.string().optional() }).optional(),
  ttl: seconds.default(0),
  extendttl: flag,
  comments: z.string().default(''),
  login: z.string().default(''),
  password: z.string().default(''),
  downloadlimit: z.number().int().min(0).default(0),
  downloadbinary: z.string().default('curl'),
  quiet: flag,
  insecure: flag,
});

export const home = () => process.env.HOME || os.homedir();
export const ferryrcPath = () => path.join(home(), '.ferryrc');
export const plikrcPath = () => path.join(home(), '.plikrc');

/** The file the settings come from: ~/.ferryrc, else ~/.plikrc, else none. */
export function configFile(): string | undefined {
  return [ferryrcPath(), plikrcPath()].find((file) => existsSync(file));
}

/** The raw TOML table of a settings file, keys as written. */
async function readTable(file: string): Promise<Record<string, unknown>> {
  try {
    return parseToml(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function loadClientConfig(): Promise<ClientConfig> {
  const file = configFile();
  const table = file ? lowerCaseKeys(await readTable(file)) : {};
  const parsed = fileSchema.safeParse(table);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const c = parsed.data;
  // Plik's client compresses tars with gzip unless told otherwise.
  const archiveMethod = parseArchiveFormat(c.archivemethod, c.archiveoptions?.compress ?? 'gzip');
  return {
    url: c.url.replace(/\/+$/, ''),
    token: c.token,
    oneShot: c.oneshot,
    removable: c.removable,
    stream: c.stream,
    secure: c.secure,
    archive: c.archive ? archiveMethod : undefined,
    archiveMethod,
    ttl: c.ttl,
    extendTtl: c.extendttl,
    comments: c.comments,
    login: c.login,
    password: c.password,
    downloadLimit: c.downloadlimit,
    downloadBinary: c.downloadbinary,
    quiet: c.quiet,
    insecure: c.insecure,
  };
}

/**
 * Sets keys in ~/.ferryrc, keeping the others. A first ~/.ferryrc starts from ~/.plikrc's settings, since it
 * hides that file from then on.
 */
export async function saveFerryrc(values: Record<string, string>): Promise<string> {
  const file = configFile();
  const table = file ? await readTable(file) : {};
  for (const [key, value] of Object.entries(values)) {
    for (const existing of Object.keys(table)) if (existing.toLowerCase() === key.toLowerCase()) delete table[existing];
    table[key] = value;
  }
  const target = ferryrcPath();
  // The token is a credential: readable by its owner only.
  await writeFile(target, `${stringifyToml(table)}\n`, { mode: 0o600 });
  return target;
}

function lowerCaseKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]));
}
