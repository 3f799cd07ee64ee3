// Files on their way to Ferry: progress, speed and time left of each, a few at a time, each one cancellable.
// Kept outside any page so that uploads go on while the uploader looks at the share page.
import { effect, signal } from '@preact/signals';
import { api, messageOf } from '../api/client';
import { fileApiPath } from '../api/links';
import { Cancelled, sendFile, type SendingFile } from '../api/send-file';
import type { PlikFile, PlikUpload } from '../api/types';

export type TransferStatus = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';

export interface Transfer {
  uploadId: string;
  fileId: string;
  name: string;
  size: number;
  sent: number;
  status: TransferStatus;
  bytesPerSecond: number;
  error?: string;
  /** The file as Ferry answered it once sent. */
  result?: PlikFile;
}

interface Job {
  upload: PlikUpload;
  file: PlikFile;
  blob: File;
}

/** By file id. */
export const transfers = signal<Record<string, Transfer>>({});

const PARALLEL = 2;
const SPEED_WINDOW_MS = 3000;
const queue: Job[] = [];
const running = new Map<string, SendingFile>();
/** Files that failed, kept (in this tab's memory only) so that Retry can send them again. */
const failed = new Map<string, Job>();

export const isActive = (transfer: Transfer) => transfer.status === 'queued' || transfer.status === 'sending';

// Closing the tab would drop the files still to send: the browser asks first, while any is queued or sending.
const warnBeforeUnload = (event: BeforeUnloadEvent) => {
  event.preventDefault();
  event.returnValue = '';
};
effect(() => {
  if (Object.values(transfers.value).some(isActive)) addEventListener('beforeunload', warnBeforeUnload);
  else removeEventListener('beforeunload', warnBeforeUnload);
});

function update(fileId: string, change: Partial<Transfer>): void {
  const current = transfers.value[fileId];
  if (current) transfers.value = { ...transfers.value, [fileId]: { ...current, ...change } };
}

export const transfersOf = (uploadId: string) => Object.values(transfers.value).filter((t) => t.uploadId === uploadId);

/** Queues the files of a new upload; `blobs` are in the order of upload.files. */
export function sendFiles(upload: PlikUpload, blobs: File[]): void {
  const added: Record<string, Transfer> = {};
  upload.files.forEach((file, index) => {
    const blob = blobs[index];
    if (!blob) return;
    added[file.id] = {
      uploadId: upload.id,
      fileId: file.id,
      name: file.fileName,
      size: blob.size,
      sent: 0,
      status: 'queued',
      bytesPerSecond: 0,
    };
    queue.push({ upload, file, blob });
  });
  transfers.value = { ...transfers.value, ...added };
  pump();
}

function pump(): void {
  while (running.size < PARALLEL && queue.length > 0) start(queue.shift()!);
}

function start({ upload, file, blob }: Job): void {
  const samples: Array<[number, number]> = [[performance.now(), 0]];
  const onProgress = (loaded: number, total: number) => {
    // XHR counts the whole multipart body: its overhead (mostly the part's headers, before the bytes) is not the file's.
    const sent = Math.max(0, Math.min(blob.size, total > 0 ? loaded - (total - blob.size) : loaded));
    const now = performance.now();
    samples.push([now, sent]);
    while (samples.length > 2 && now - samples[0]![0] > SPEED_WINDOW_MS) samples.shift();
    const [then, before] = samples[0]!;
    update(file.id, { sent, bytesPerSecond: now > then ? ((sent - before) * 1000) / (now - then) : 0 });
  };
  const headers: Record<string, string> = { 'X-UploadToken': upload.uploadToken ?? '' };
  // A link-encrypted upload's files are encrypted with the link's secret: without it Ferry cannot take them.
  if (upload.downloadKey) headers['X-Ferry-Key'] = upload.downloadKey;
  const sending = sendFile(fileApiPath(upload, file), blob, headers, onProgress);
  running.set(file.id, sending);
  update(file.id, { status: 'sending' });
  sending.done
    .then((result) => update(file.id, { status: 'done', sent: blob.size, result }))
    .catch((err) => {
      if (err instanceof Cancelled) {
        discard({ upload, file, blob });
      } else {
        failed.set(file.id, { upload, file, blob });
        update(file.id, { status: 'failed', error: messageOf(err) });
      }
    })
    .finally(() => {
      running.delete(file.id);
      pump();
    });
}

/** A cancelled file would stay listed as missing: its upload token lets the page remove it. */
function discard({ upload, file }: Job): void {
  update(file.id, { status: 'cancelled' });
  api(fileApiPath(upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken ?? '' } }).catch(() => undefined);
}

export function cancelTransfer(fileId: string): void {
  const index = queue.findIndex((job) => job.file.id === fileId);
  if (index >= 0) {
    queue.splice(index, 1).forEach(discard);
    return;
  }
  running.get(fileId)?.abort();
}

/**
 * Sends a failed file again. Ferry puts a file whose upload broke off back to missing, so the same file id takes
 * the new attempt.
 */
export function retryTransfer(fileId: string): void {
  const job = failed.get(fileId);
  if (!job) return;
  failed.delete(fileId);
  update(fileId, { status: 'queued', sent: 0, bytesPerSecond: 0, error: undefined });
  queue.push(job);
  pump();
}

/** Whether this tab still holds the file's bytes to send it again. */
export const canRetry = (fileId: string) => failed.has(fileId);
