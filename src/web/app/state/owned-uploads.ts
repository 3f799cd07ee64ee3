// The upload tokens of uploads made from this browser, so that their uploader can come back to add or remove files.
// Kept in localStorage (never in a URL), each until its upload expires, or until someone signs out here: on a
// shared computer, the next person must not be able to change or share those uploads.
import type { PlikUpload } from '../api/types';

interface Owned {
  uploadToken: string;
  /** Link encryption: the secret that download links carry. */
  linkSecret?: string;
  /** Epoch ms; null: never. */
  expireAt: number | null;
}

const KEY = 'ferry.uploads';

function readAll(): Record<string, Owned> {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Owned>;
    const now = Date.now();
    return Object.fromEntries(Object.entries(all).filter(([, owned]) => owned.expireAt === null || owned.expireAt > now));
  } catch {
    return {};
  }
}

const writeAll = (all: Record<string, Owned>) => localStorage.setItem(KEY, JSON.stringify(all));

export function rememberUpload(upload: PlikUpload): void {
  if (!upload.uploadToken) return;
  const all = readAll();
  all[upload.id] = {
    uploadToken: upload.uploadToken,
    linkSecret: upload.downloadKey,
    expireAt: upload.expireAt === null ? null : Date.parse(upload.expireAt),
  };
  writeAll(all);
}

export const ownedUpload = (id: string): Owned | undefined => readAll()[id];

/** Every upload token and link secret this browser holds goes. */
export const forgetAllUploads = () => localStorage.removeItem(KEY);

export function forgetUpload(id: string): void {
  const all = readAll();
  delete all[id];
  writeAll(all);
}
