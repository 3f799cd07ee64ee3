// An upload's files as people see them: which are listed, which can be downloaded, and their state in words.
import type { PlikFile, PlikUpload } from './api/types';
import { t } from './state/language';
import { scanningStrings } from './scanning-strings';

/**
 * Files that had content: cancelled ones (deleted before any byte arrived) never existed for anyone. An encrypted
 * file has no MD5, so its size tells too (an empty file with no MD5 is the one left out).
 */
export const listedFiles = (upload: PlikUpload) =>
  upload.files.filter((file) => file.status !== 'deleted' || file.fileMd5 !== '' || file.fileSize > 0);

/**
 * Files in the order their uploader chose: the page gives each its position as its reference; otherwise by
 * creation, and as Ferry lists them (by id) last.
 */
export function inChosenOrder(files: PlikFile[]): PlikFile[] {
  const position = (file: PlikFile) => (/^\d+$/.test(file.reference) ? Number(file.reference) : Infinity);
  return [...files].sort((a, b) => position(a) - position(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || 0);
}

export const isAvailable = (upload: PlikUpload, file: PlikFile) => file.status === (upload.stream ? 'uploading' : 'uploaded');

/** Downloads are counted when a limit applies: opening such a file in the browser would use one up. */
export const isLimited = (upload: PlikUpload) => upload.oneShot || upload.stream || Boolean(upload.maxDownloads);

export function statusText(upload: PlikUpload, file: PlikFile): string {
  switch (file.status) {
    case 'missing':
      return t().statusWaiting;
    case 'uploading':
      return upload.stream ? t().statusReadyToStream : t().statusUploading;
    case 'uploaded':
      return t().statusReady;
    case 'quarantined':
      return scanningStrings.quarantined;
    case 'removed':
    case 'deleted':
      return isLimited(upload) && file.remainingDownloads === 0 ? t().statusDownloaded : t().statusRemoved;
    default:
      return file.status;
  }
}

export function remainingText(upload: PlikUpload, file: PlikFile): string {
  const remaining = file.remainingDownloads;
  if (remaining === undefined || remaining === null || !isAvailable(upload, file)) return '';
  return t().downloadsLeft(remaining);
}
