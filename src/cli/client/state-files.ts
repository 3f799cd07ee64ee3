// The client's own small JSON files under ~/.ferry/ (upload records, uploads to resume): readable by their owner
// only, and written whole or not at all, so that a Ctrl-C or a crash in the middle never leaves half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { home } from './config.js';

/** A folder under ~/.ferry/. */
export const stateDir = (name: string) => path.join(home(), '.ferry', name);

/** Writes `value` as JSON to `file`: to a temporary file beside it first, then renamed over it. */
export async function writeStateFile(file: string, value: unknown): Promise<void> {
  // Upload tokens let anyone change or delete an upload: the folder and files are their owner's only.
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(value, null, 2), { mode: 0o600 });
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** The file's JSON, or undefined when there is no such file or it cannot be read. */
export async function readStateFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
