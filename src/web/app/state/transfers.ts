// Files on their way to Ferry: progress, speed and time left of each, a few at a time, each one cancellable; those
// sent through tus can also pause, and go on from the server's offset after a failure or (picked again) a reload.
// Kept outside any page so that uploads go on while the uploader looks at the share page.
import { effect, signal } from '@preact/signals';
import { api, messageOf } from '../api/client';
import { Cancelled, sendFile, type SendingFile } from '../api/send-file';
import { type StreamedBytes, sendByTus, terminateTus } from '../api/tus';
import { forgetUnfinished } from './owned-uploads';
import { t } from './language';

export type TransferStatus = 'queued' | 'sending' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface Transfer {
  uploadId: string;
  fileId: string;
  name: string;
  size: number;
  sent: number;
  status: TransferStatus;
  bytesPerSecond: number;
  /** Sent through tus: it can pause, and go on from where it stopped. */
  resumable: boolean;
  error?: string;
}

/** Where a file's bytes go: one multipart POST to the file's path, or tus PATCHes of at most chunkSize bytes. */
export type Route = { kind: 'multipart'; path: string } | { kind: 'tus'; url: string; chunkSize: number };

/** A file to send to an upload. */
export interface Outgoing {
  fileId: string;
  name: string;
  blob: File;
  route: Route;
  /** Bytes Ferry has already, for a file that goes on where it stopped. */
  sent?: number;
  /** The file's bytes encrypted on the way (end to end), sent through tus instead of `blob`: read once, they cannot resume. */
  encrypted?: StreamedBytes;
}

interface Job extends Outgoing {
  uploadId: string;
  /** The headers that prove the right to add files to the upload. */
  credentials: Record<string, string>;
}

/** By file id. */
export const transfers = signal<Record<string, Transfer>>({});

const PARALLEL = 2;
const SPEED_WINDOW_MS = 3000;
const queue: Job[] = [];
const running = new Map<string, SendingFile>();
/** Files that failed or paused, kept (in this tab's memory only) so that Retry or Resume can send them again. */
const failed = new Map<string, Job>();
const paused = new Map<string, Job>();
/** Running files asked to pause: their abort is no cancel. */
const pausing = new Set<string>();

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

// A network drop outlasts tus-js-client's retries: when the browser is back online, tus files go on by themselves.
addEventListener('online', () => {
  for (const [fileId, job] of failed) if (job.route.kind === 'tus') retryTransfer(fileId);
});

function update(fileId: string, change: Partial<Transfer>): void {
  const current = transfers.value[fileId];
  if (current) transfers.value = { ...transfers.value, [fileId]: { ...current, ...change } };
}

export const transfersOf = (uploadId: string) => Object.values(transfers.value).filter((t) => t.uploadId === uploadId);

/** The headers that let this page add files to an upload: its upload token, and a link-encrypted upload's secret. */
export function uploadCredentials(uploadToken: string | undefined, linkSecret: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'X-UploadToken': uploadToken ?? '' };
  // A link-encrypted upload's files are encrypted with the link's secret: without it Ferry cannot take them.
  if (linkSecret) headers['X-Ferry-Key'] = linkSecret;
  return headers;
}

/** Queues files to send to an upload. */
export function sendFiles(uploadId: string, credentials: Record<string, string>, files: Outgoing[]): void {
  const added: Record<string, Transfer> = {};
  for (const file of files) {
    added[file.fileId] = {
      uploadId,
      fileId: file.fileId,
      name: file.name,
      size: sizeOf(file),
      sent: file.sent ?? 0,
      status: 'queued',
      bytesPerSecond: 0,
      resumable: file.route.kind === 'tus' && !file.encrypted,
    };
    queue.push({ ...file, uploadId, credentials });
  }
  transfers.value = { ...transfers.value, ...added };
  pump();
}

/** The bytes that go: the encrypted ones' when the file is encrypted on the way. */
const sizeOf = (file: Outgoing) => file.encrypted?.size ?? file.blob.size;

function pump(): void {
  while (running.size < PARALLEL && queue.length > 0) start(queue.shift()!);
}

/** Bytes per second over the last few seconds, from the successive counts of bytes sent. */
function speedometer(): (sent: number) => number {
  const samples: Array<[number, number]> = [];
  return (sent) => {
    const now = performance.now();
    samples.push([now, sent]);
    while (samples.length > 2 && now - samples[0]![0] > SPEED_WINDOW_MS) samples.shift();
    const [then, before] = samples[0]!;
    return now > then ? Math.max(0, ((sent - before) * 1000) / (now - then)) : 0;
  };
}

function start(job: Job): void {
  const speed = speedometer();
  const onProgress = (sent: number) => update(job.fileId, { sent, bytesPerSecond: speed(sent) });
  const { route, blob, credentials } = job;
  const sending =
    route.kind === 'tus'
      ? sendByTus(route.url, job.encrypted ?? blob, route.chunkSize, credentials, onProgress)
      : sendFile(route.path, blob, credentials, onProgress);
  running.set(job.fileId, sending);
  update(job.fileId, { status: 'sending', bytesPerSecond: 0, error: undefined });
  sending.done
    .then(() => {
      forgetUnfinished(job.uploadId, job.fileId);
      update(job.fileId, { status: 'done', sent: sizeOf(job) });
    })
    .catch((err) => {
      if (!(err instanceof Cancelled)) {
        // Encrypted bytes were read once: another try would need them again. Not offered.
        if (!job.encrypted) failed.set(job.fileId, job);
        update(job.fileId, {
          status: 'failed',
          error: job.encrypted ? `${messageOf(err).replace(/\.$/, '')}. ${t().encryptedNotResumable}` : messageOf(err),
        });
      } else if (pausing.delete(job.fileId)) {
        paused.set(job.fileId, job);
        update(job.fileId, { status: 'paused', bytesPerSecond: 0 });
      } else discard(job);
    })
    .finally(() => {
      running.delete(job.fileId);
      pump();
    });
}

/** A cancelled file would stay listed as missing or uploading: its upload token lets the page remove it. */
function discard(job: Job): void {
  update(job.fileId, { status: 'cancelled' });
  forgetUnfinished(job.uploadId, job.fileId);
  if (job.route.kind === 'tus') void terminateTus(job.route.url, job.credentials);
  else api(job.route.path, { method: 'DELETE', headers: job.credentials }).catch(() => undefined);
}

export function cancelTransfer(fileId: string): void {
  const index = queue.findIndex((job) => job.fileId === fileId);
  const waiting = index >= 0 ? queue.splice(index, 1)[0] : (paused.get(fileId) ?? failed.get(fileId));
  if (waiting) {
    paused.delete(fileId);
    failed.delete(fileId);
    discard(waiting);
    return;
  }
  running.get(fileId)?.abort();
}

/** Stops a tus file where it is; Ferry keeps what it has, and resumeTransfer goes on from there. */
export function pauseTransfer(fileId: string): void {
  const index = queue.findIndex((job) => job.fileId === fileId);
  if (index >= 0) {
    paused.set(fileId, queue.splice(index, 1)[0]!);
    update(fileId, { status: 'paused' });
    return;
  }
  if (!running.has(fileId) || transfers.value[fileId]?.resumable !== true) return;
  pausing.add(fileId);
  running.get(fileId)!.abort();
}

export function resumeTransfer(fileId: string): void {
  const job = paused.get(fileId);
  if (!job) return;
  paused.delete(fileId);
  requeue(job);
}

/**
 * Sends a failed file again: a tus file from the offset Ferry has; a multipart one from its start (Ferry puts a
 * file whose upload broke off back to missing, so the same file id takes the new attempt).
 */
export function retryTransfer(fileId: string): void {
  const job = failed.get(fileId);
  if (!job) return;
  failed.delete(fileId);
  requeue(job);
}

function requeue(job: Job): void {
  update(job.fileId, { status: 'queued', bytesPerSecond: 0, error: undefined, ...(job.route.kind === 'multipart' && { sent: 0 }) });
  queue.push(job);
  pump();
}

/** Whether this tab still holds the file's bytes to send it again. */
export const canRetry = (fileId: string) => failed.has(fileId);
