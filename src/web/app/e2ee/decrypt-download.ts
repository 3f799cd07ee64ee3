// Downloading an end-to-end encrypted file, or all of an upload's as a zip (client-zip, made as the bytes come), to
// disk, decrypted on the way: with the File System Access API where the browser has it (Chromium), else as a
// download the decryption service worker feeds (decrypt-sw.ts). The responses are read as they come, never
// gathered into a Blob; a wrong key leaves nothing behind.
import { makeZip } from 'client-zip';
import { decryptStream } from './age-streams';
import type { E2eeSecret } from './secret';
import { saveThroughWorker } from './save-through-worker';
import { t } from '../state/language';

export interface EncryptedDownload {
  url: string;
  /** Its age header (GET /age-header/…), read first: a wrong key is refused before a download is counted. */
  headerUrl: string;
  /** What the file's download needs (a protected upload's Authorization). */
  headers: Record<string, string>;
  /** The name to save the plaintext under. */
  name: string;
  /** The ciphertext's size, for progress. */
  size: number;
}

interface SaveFilePicker {
  showSaveFilePicker(options: { suggestedName: string }): Promise<FileSystemFileHandle & { remove?(): Promise<void> }>;
}

/**
 * Saves the decrypted file; `onProgress` gets the ciphertext bytes read. Call it from the click that asks for it:
 * the file picker needs the user's gesture, so it opens before anything is fetched.
 */
export function decryptToDisk(download: EncryptedDownload, secret: E2eeSecret, onProgress: (read: number) => void): Promise<void> {
  return saveStream(download.name, async () => {
    await checkSecret(download, secret);
    return decrypted(download, secret, onProgress);
  });
}

/**
 * Saves the decrypted files as one zip named `name`, made here as they arrive (Ferry has only their ciphertext, and
 * zips none); `onProgress` gets the ciphertext bytes read in all. Every file's header is checked first: a wrong key
 * for any of them writes nothing.
 */
export function decryptAllToZip(
  name: string,
  downloads: EncryptedDownload[],
  secret: E2eeSecret,
  onProgress: (read: number) => void,
): Promise<void> {
  return saveStream(name, async () => {
    for (const download of downloads) await checkSecret(download, secret);
    // One file fetched at a time, when the zip reaches its entry.
    async function* entries() {
      let before = 0;
      for (const download of downloads) {
        yield { name: download.name, input: await decrypted(download, secret, (read) => onProgress(before + read)) };
        before += download.size;
      }
    }
    return makeZip(entries());
  });
}

/** Saves what `open` streams, under `name`: with the save picker, opened first, or through the service worker. */
async function saveStream(name: string, open: () => Promise<ReadableStream<Uint8Array>>): Promise<void> {
  const picker = (window as unknown as Partial<SaveFilePicker>).showSaveFilePicker;
  if (picker) {
    const handle = await picker({ suggestedName: name });
    try {
      // Written beside the file and put in its place at the end: a failure midway leaves the file as it was.
      await (await open()).pipeTo(await handle.createWritable());
    } catch (err) {
      // The picker made the file: gone again, so that a wrong key leaves nothing.
      await handle.remove?.().catch(() => undefined);
      throw err;
    }
    return;
  }
  if (!('serviceWorker' in navigator)) throw new Error(t().cannotSaveDecrypted);
  const plain = watched(await open());
  await saveThroughWorker(plain.stream, name);
  // The download reads the stream from here on: done when its last byte went, or failed with the decryption.
  await plain.done;
}

/** The stream as it is, and when it was read to its end (or failed, or was cancelled by the download). */
function watched(source: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const reader = source.getReader();
  let finish: () => void = () => undefined;
  let fail: (err: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          finish();
        } else controller.enqueue(next.value);
      } catch (err) {
        controller.error(err);
        fail(err);
      }
    },
    cancel(reason) {
      fail(reason ?? new Error('the download was cancelled'));
      return reader.cancel(reason);
    },
  });
  return { stream, done };
}

/** The file's plaintext as it arrives, once its header said the secret opens it. */
async function decrypted(download: EncryptedDownload, secret: E2eeSecret, onProgress: (read: number) => void) {
  const abort = new AbortController();
  const response = await fetch(download.url, { headers: download.headers, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`Ferry answered ${response.status}: ${(await response.text()).trim()}`);
  let read = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.length;
        onProgress(read);
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await decryptStream(counted, secret);
  } catch (err) {
    // The rest of the file is of no use: its download stops, and with it the progress.
    abort.abort();
    throw err;
  }
}

/**
 * Refuses a secret that does not open the file, from its header alone: a one-shot or limited file stays whole for
 * the right key. A small file would otherwise be sent whole, and counted, before its header was read.
 */
async function checkSecret(download: EncryptedDownload, secret: E2eeSecret): Promise<void> {
  const response = await fetch(download.headerUrl, { headers: download.headers });
  // No header to read (a server before the route, an armored file): the download's own header is the check.
  if (!response.ok) return;
  const opened = await decryptStream(new Blob([await response.arrayBuffer()]).stream(), secret);
  await opened.cancel();
}
