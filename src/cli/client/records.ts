// The uploads this machine made, with their upload tokens, so that `ferry delete` works without the user pasting
// tokens. One small file per upload under ~/.ferry/uploads/, so that parallel uploads never overwrite each other.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readStateFile, stateDir, writeStateFile } from './state-files.js';

export interface UploadRecord {
  server: string;
  id: string;
  uploadToken: string;
  createdAt: string;
  /** ISO time, or null when the upload never expires. */
  expireAt: string | null;
}

const recordsDir = () => stateDir('uploads');

/** Upload ids are Plik's random letters and digits; anything else could escape the folder. */
const safeId = (id: string) => /^[A-Za-z0-9_-]{1,128}$/.test(id);
const recordPath = (id: string) => path.join(recordsDir(), `${id}.json`);

export async function saveRecord(record: UploadRecord): Promise<void> {
  if (!safeId(record.id)) return;
  await writeStateFile(recordPath(record.id), record);
  await pruneExpired();
}

export async function findRecord(id: string): Promise<UploadRecord | undefined> {
  return safeId(id) ? readStateFile<UploadRecord>(recordPath(id)) : undefined;
}

export async function removeRecord(id: string): Promise<void> {
  if (safeId(id)) await rm(recordPath(id), { force: true });
}

/** Records of uploads past their expiry are of no use any more. */
async function pruneExpired(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(recordsDir())) {
    if (!name.endsWith('.json')) continue;
    const record = await findRecord(name.slice(0, -'.json'.length));
    if (record?.expireAt && Date.parse(record.expireAt) < now) await removeRecord(record.id);
  }
}
