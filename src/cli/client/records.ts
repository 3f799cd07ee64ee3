// The uploads this machine made, with their upload tokens, so that `ferry delete` works without the user pasting
// tokens. One small file per upload under ~/.ferry/uploads/, so that parallel uploads never overwrite each other.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { home } from './config.js';

export interface UploadRecord {
  server: string;
  id: string;
  uploadToken: string;
  createdAt: string;
  /** ISO time, or null when the upload never expires. */
  expireAt: string | null;
}

const recordsDir = () => path.join(home(), '.ferry', 'uploads');

/** Upload ids are Plik's random letters and digits; anything else could escape the folder. */
const safeId = (id: string) => /^[A-Za-z0-9_-]{1,128}$/.test(id);
const recordPath = (id: string) => path.join(recordsDir(), `${id}.json`);

export async function saveRecord(record: UploadRecord): Promise<void> {
  if (!safeId(record.id)) return;
  // Upload tokens let anyone delete the upload: the folder and files are their owner's only.
  await mkdir(recordsDir(), { recursive: true, mode: 0o700 });
  await writeFile(recordPath(record.id), JSON.stringify(record, null, 2), { mode: 0o600 });
  await pruneExpired();
}

export async function findRecord(id: string): Promise<UploadRecord | undefined> {
  if (!safeId(id)) return undefined;
  try {
    return JSON.parse(await readFile(recordPath(id), 'utf8')) as UploadRecord;
  } catch {
    return undefined;
  }
}

export async function removeRecord(id: string): Promise<void> {
  if (safeId(id)) await rm(recordPath(id), { force: true });
}

/** Records of uploads past their expiry are of no use any more. */
async function pruneExpired(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(recordsDir())) {
    const record = await findRecord(name.replace(/\.json$/, ''));
    if (record?.expireAt && Date.parse(record.expireAt) < now) await removeRecord(record.id);
  }
}
