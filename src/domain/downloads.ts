// Serving files: one at a time (with Range) or all of an upload as a zip, counting downloads against limits.
import type { Readable } from 'node:stream';
import type { ByteRange, DataKey, DataStore } from '../data/store.js';
import type { BlobRecords } from '../metadata/records/blobs.js';
import type { DownloadSlots } from '../metadata/records/downloads.js';
import type { FileRecords } from '../metadata/records/files.js';
import { storeFor, type EncryptionRules } from './encryption.js';
import { badRequest, notAcceptable, notFound } from '../model/errors.js';
import type { ActivityService } from './activity.js';
import type { Events } from './events.js';
import type { UploadFile } from '../model/model.js';
import { downloadLimitOf, type UploadAccess } from './uploads.js';

export interface Download {
  body: Readable;
  /** The part being sent, when a Range was asked for and honoured. */
  range?: ByteRange;
  /**
   * Call once the response is over: `completed` when every byte went out. A completed download counts
   * against the file's limit; a failed one gives its slot back.
   */
  settle(completed: boolean): Promise<void>;
}

/**
 * A download whose bytes another part sends (the proxy in front, or the S3 server a client is redirected to): it
 * passed every check and holds its slot, like a Download, but Ferry opened nothing.
 */
export interface HandedDownload {
  /** Where the bytes are in the data store: the file's own key, or its deduplicated blob's. */
  key: DataKey;
  /** The part to send, when a Range was asked for and honoured. */
  range?: ByteRange;
  /** As Download's: `completed` once the part that sends the bytes was told where they are. */
  settle(completed: boolean): Promise<void>;
}

/** Downloads a file has left before it goes, counting those under way; null when it has no limit. */
export const remainingDownloads = (file: UploadFile): number | null =>
  file.downloadLimit > 0 ? Math.max(0, file.downloadLimit - file.downloadsReserved) : null;

interface SentBytes {
  counted: boolean;
  bytes: number;
  partial: boolean;
  archive: boolean;
  /** Sent by another part, which opens the bytes after Ferry's answer: their removal is left to the sweep. */
  handedOver?: boolean;
}

/** Files of an archive opened ahead of the entry being written. */
const ARCHIVE_LOOKAHEAD = 4;

export class DownloadService {
  constructor(
    private readonly metadata: DownloadSlots & FileRecords & BlobRecords,
    private readonly data: DataStore,
    private readonly streams: DataStore,
    private readonly encryption: EncryptionRules,
    private readonly purge: (file: UploadFile) => Promise<void>,
    private readonly activity: ActivityService,
    private readonly events: Events,
    /** EnableArchiveCompression: zips deflated (fast level), or stored, spending no CPU on a public server. */
    private readonly compressArchives: boolean,
  ) {}

  /** Throws 404 unless the file can be downloaded now: uploaded, or being streamed in stream mode. */
  checkAvailable(access: UploadAccess, file: UploadFile): void {
    const expected = access.upload.stream ? 'uploading' : 'uploaded';
    if (file.status !== expected) throw notFound(`file ${file.name} (${file.id}) is not available : ${file.status}`);
  }

  /**
   * A chat app's link-preview bot must not take the download a one-shot, stream or download-limited file allows:
   * the person the link was pasted for would find it gone. Such bots get 406; unlimited files they may preview.
   */
  checkNotUsedUpByPreview(access: UploadAccess, limited: boolean): void {
    if (access.linkPreview && (limited || access.upload.stream)) {
      throw notAcceptable('link preview bots may not download a one-shot, stream or download-limited file: open the link in a browser');
    }
  }

  /** Ranges are honoured only where downloads are not counted: half a file is not a download. */
  acceptsRange(access: UploadAccess, file: UploadFile): boolean {
    return !access.upload.stream && file.downloadLimit === 0;
  }

  async open(access: UploadAccess, file: UploadFile, range?: ByteRange): Promise<Download> {
    this.admit(access, file);
    const key = { uploadId: file.uploadId, fileId: file.id };
    if (access.upload.stream) {
      const body = await this.streams.read(key);
      return {
        body,
        settle: (completed) =>
          this.settleAll(access, [[file, { counted: false, bytes: file.size, partial: false, archive: false }]], completed),
      };
    }
    const store = storeFor(this.data, this.encryption, access.upload, access.linkSecret, file.size);
    const slot = await this.reserve(access, file, range);
    let body: Readable;
    try {
      body = await store.read(slot.key, slot.range);
    } catch (err) {
      await slot.release();
      throw err;
    }
    return { body, range: slot.range, settle: (completed) => this.settleAll(access, [[file, slot.sent]], completed) };
  }

  /**
   * Whether the bytes may be sent by another part than Ferry, as they are stored: not an encrypted file's (Ferry
   * decrypts them), nor a stream's (they exist only in the uploader's request).
   */
  canHandOver(access: UploadAccess): boolean {
    return access.upload.encryption === 'none' && !access.upload.stream;
  }

  /**
   * The download as open() makes it, checks, slot and count alike, for a part that sends the bytes itself: where
   * they are instead of a stream of them.
   */
  async handOver(access: UploadAccess, file: UploadFile, range?: ByteRange): Promise<HandedDownload> {
    this.admit(access, file);
    if (!this.canHandOver(access)) throw new Error(`file ${file.id} cannot be handed over: its bytes go through Ferry`);
    const slot = await this.reserve(access, file, range);
    const sent = { ...slot.sent, handedOver: true };
    return { key: slot.key, range: slot.range, settle: (completed) => this.settleAll(access, [[file, sent]], completed) };
  }

  /** The checks of a file's download before anything is counted: it is there, and no preview bot uses it up. */
  private admit(access: UploadAccess, file: UploadFile): void {
    this.checkAvailable(access, file);
    this.checkNotUsedUpByPreview(access, file.downloadLimit > 0);
  }

  /** Takes a download slot of a limited file, and finds its bytes; `release` gives the slot back if they cannot be read. */
  private async reserve(access: UploadAccess, file: UploadFile, range?: ByteRange) {
    const limited = file.downloadLimit > 0;
    if (limited && !(await this.metadata.reserveDownload(file.id))) {
      throw notFound(`file ${file.name} (${file.id}) is not available : removed`);
    }
    const release = async () => {
      if (limited) await this.metadata.releaseDownload(file.id);
    };
    let key: DataKey;
    try {
      key = await this.locate(file);
    } catch (err) {
      await release();
      throw err;
    }
    const served = this.acceptsRange(access, file) ? range : undefined;
    const sent: SentBytes = {
      counted: limited,
      bytes: served ? served.end - served.start + 1 : file.size,
      partial: served !== undefined,
      archive: false,
    };
    return { key, range: served, sent, release };
  }

  /**
   * Refuses a zip of an upload that cannot have one, as archive() does: a HEAD, which sends no zip, asks this alone.
   * A stream upload's files pass from uploader to downloader once, with nothing kept to zip. An end-to-end
   * encrypted upload's are zipped, if at all, by the client that decrypts them: the server has only ciphertext.
   */
  checkArchivable(access: UploadAccess): void {
    if (access.upload.stream) throw badRequest('archive feature is not available in stream mode');
    if (access.upload.e2ee) throw badRequest('archive feature is not available for end-to-end encrypted uploads (e2ee)');
  }

  /** A zip of every uploaded file, streamed entry by entry, with only a few files open at a time. */
  async archive(access: UploadAccess): Promise<Download> {
    this.checkArchivable(access);
    this.checkNotUsedUpByPreview(access, downloadLimitOf(access.upload) > 0);
    // Checked before any download is counted: without its link secret an encrypted upload has nothing to give.
    storeFor(this.data, this.encryption, access.upload, access.linkSecret);
    const files: UploadFile[] = [];
    for (const file of await this.metadata.listFiles(access.upload.id)) {
      if (file.status !== 'uploaded') continue;
      if (file.downloadLimit > 0 && !(await this.metadata.reserveDownload(file.id))) continue;
      files.push(file);
    }
    if (files.length === 0) throw badRequest('nothing to archive');

    // Loaded at the first archive, not at start-up: the zip writer and its dependencies weigh some 10 MB of memory.
    const { default: archiver } = await import('archiver');
    const zip = archiver('zip', this.compressArchives ? { zlib: { level: 1 } } : { store: true });
    // Files are opened in order, a few ahead of the entry being written: each opening (blob lookup, open, stat) waits
    // on the thread pool, and one after the other they left the zip idle between entries (~650 files/s of 16 KiB).
    // Kept by index from the entry being written on; a written entry's file was read to its end, and is let go.
    const opening = new Map<number, Promise<Readable>>();
    let opened = 0;
    const openUpTo = (count: number) => {
      for (; opened < Math.min(count, files.length); opened++) {
        const body = this.reader(access, files[opened]!)();
        // Awaited when its turn comes; until then a failure must not count as unhandled.
        body.catch(() => undefined);
        opening.set(opened, body);
      }
    };
    let next = 0;
    const appendNext = async () => {
      // archiver may still tell of an entry once destroyed: nothing more is opened then.
      if (zip.destroyed) return;
      opening.delete(next - 1);
      if (next === files.length) return void zip.finalize();
      const index = next++;
      openUpTo(index + 1 + ARCHIVE_LOOKAHEAD);
      try {
        const body = await opening.get(index)!;
        if (zip.destroyed) return void body.destroy();
        zip.append(body, { name: files[index]!.name, date: new Date(files[index]!.createdAt) });
      } catch (err) {
        zip.destroy(err as Error);
      }
    };
    // A zip cut short (client gone, a file unreadable) closes its files: those opened ahead, and the one it was
    // reading, which archiver leaves open when destroyed.
    zip.once('close', () => {
      for (const body of opening.values())
        body.then(
          (stream) => stream.destroy(),
          () => undefined,
        );
    });
    zip.on('entry', () => void appendNext());
    await appendNext();
    return {
      body: zip,
      settle: (completed) =>
        this.settleAll(
          access,
          files.map((file) => [file, { counted: file.downloadLimit > 0, bytes: file.size, partial: false, archive: true }]),
          completed,
        ),
    };
  }

  /** The file's bytes, or the range asked for, counting nothing: for what is not a download (previews.ts). */
  readUncounted(access: UploadAccess, file: UploadFile, range?: ByteRange): Promise<Readable> {
    return this.reader(access, file)(range);
  }

  /** Opens the file's bytes: wherever deduplication put them, decrypted as its upload's encryption requires. */
  private reader(access: UploadAccess, file: UploadFile): (range?: ByteRange) => Promise<Readable> {
    const store = storeFor(this.data, this.encryption, access.upload, access.linkSecret, file.size);
    return async (range) => store.read(await this.locate(file), range);
  }

  /** Where the file's bytes are: its own key, or wherever deduplication put them. */
  private async locate(file: UploadFile): Promise<DataKey> {
    const own = { uploadId: file.uploadId, fileId: file.id };
    const location = file.blobHash ? await this.metadata.findBlob(file.blobHash) : own;
    if (!location) throw notFound(`data of file ${file.id} not found`);
    return location;
  }

  /**
   * Settles the download of each file (one, or those of a zip); once every byte went out, adds them to the owner's
   * activity in one step, however many files a zip held.
   */
  private async settleAll(access: UploadAccess, sent: Array<[UploadFile, SentBytes]>, completed: boolean): Promise<void> {
    for (const [file, bytes] of sent) await this.settle(file, completed, bytes);
    if (!completed) return;
    const bytes = sent.reduce((sum, [, s]) => sum + s.bytes, 0);
    const whole = sent.filter(([, s]) => !s.partial).map(([file]) => file.id);
    await this.metadata.countServed(access.upload.id, whole, bytes, Date.now());
    await this.activity.served(access.upload, bytes, whole);
  }

  /** Counts (`counted`: it took a slot) or gives back a download, and reports it. */
  private async settle(file: UploadFile, completed: boolean, { counted, handedOver, ...sent }: SentBytes): Promise<void> {
    const ids = { uploadId: file.uploadId, fileId: file.id };
    if (!completed) {
      // Only a counted download gives a turn back; a browser that drops a video's request is no news.
      if (!counted) return;
      this.events.emit({ event: 'file.download_interrupted', ...ids, archive: sent.archive });
      return this.metadata.releaseDownload(file.id);
    }
    this.events.emit({ event: 'file.downloaded', ...ids, ...sent });
    if (!counted) return;
    if (await this.metadata.completeDownload(file.id)) {
      this.events.emit({ event: 'file.expired', ...ids, reason: 'download limit reached' });
      // A proxy or a redirected client opens the bytes only after this answer: freed now, they would be gone
      // before it reads them. The file is removed, so no one else gets it; the next sweep frees its bytes.
      if (!handedOver) await this.purge(file);
    }
  }
}
