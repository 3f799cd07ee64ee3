// The upload tokens of uploads made from this browser, so that their uploader can come back to add or remove files,
// and the files still on their way (tus), so that a reload or a closed tab can go on with them where they stopped.
// Kept in localStorage (never in a URL), each until its upload expires, or until someone signs out here: on a
// shared computer, the next person must not be able to change or share those uploads.
import type { PlikUpload } from '../api/types';
import { PATH_SEPARATOR } from '../dropped-files';

/**
 * A file whose tus upload is not finished. No bytes and no secret: name, size and modification time are the
 * fingerprint the file picked again must match; the upload's token is its Owned record's.
 */
export interface Unfinished {
  fileId: string;
  name: string;
  size: number;
  /** File.lastModified, epoch ms. */
  lastModified: number;
  /** The file's tus upload. */
  tusUrl: string;
}

interface Owned {
  uploadToken: string;
  /** Link encryption: the secret that download links carry. */
  linkSecret?: string;
  /** Epoch ms; null: never. */
  expireAt: number | null;
  /** By file id. */
  unfinished?: Record<string, Unfinished>;
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

/** Keeps a file on its way to an upload made here (uploads not made here have no record to keep it in). */
export function rememberUnfinished(uploadId: string, file: Unfinished): void {
  const all = readAll();
  const owned = all[uploadId];
  if (!owned) return;
  owned.unfinished = { ...owned.unfinished, [file.fileId]: file };
  writeAll(all);
}

/** The file arrived, was cancelled, or is gone from Ferry: nothing to go on with. */
export function forgetUnfinished(uploadId: string, fileId: string): void {
  const all = readAll();
  const unfinished = all[uploadId]?.unfinished;
  if (!unfinished?.[fileId]) return;
  delete unfinished[fileId];
  writeAll(all);
}

export const unfinishedOf = (uploadId: string): Unfinished[] => Object.values(ownedUpload(uploadId)?.unfinished ?? {});

/** Uploads made here with files still to finish, by upload id, with their link secret for the share page's link. */
export function uploadsWithUnfinished(): Array<{ uploadId: string; linkSecret?: string; files: Unfinished[] }> {
  return Object.entries(readAll())
    .map(([uploadId, owned]) => ({ uploadId, linkSecret: owned.linkSecret, files: Object.values(owned.unfinished ?? {}) }))
    .filter((entry) => entry.files.length > 0);
}

/**
 * Whether `file` is, by its fingerprint, the one an unfinished record was sending. A file that came in a dropped
 * folder (named with its path) may be picked again on its own.
 */
export const isSameFile = (file: File, record: Unfinished) =>
  (file.name === record.name || record.name.endsWith(`${PATH_SEPARATOR}${file.name}`)) &&
  file.size === record.size &&
  file.lastModified === record.lastModified;

/** Every upload token, link secret and unfinished file this browser holds goes. */
export const forgetAllUploads = () => localStorage.removeItem(KEY);

export function forgetUpload(id: string): void {
  const all = readAll();
  delete all[id];
  writeAll(all);
}
