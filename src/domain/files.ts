// Files of an upload: receiving their bytes under the size rules, and removing them.
import type { Readable } from 'node:stream';
import type { DataKey, DataStore } from '../data/store.js';
import type { BlobRecords, DeadBlob } from '../metadata/records/blobs.js';
import type { FileRecords } from '../metadata/records/files.js';
import type { QuotaReservations } from '../metadata/records/quota.js';
import type { UploadRecords } from '../metadata/records/uploads.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, forbidden, notFound, tooLarge } from '../model/errors.js';
import type { ActivityService } from './activity.js';
import { Events } from './events.js';
import { byteLimit, limitsFor, type ByteLimit } from './limits.js';
import { formatSize } from './sizes.js';
import { blobHashOf, keepsPlainDigests, storeFor } from './encryption.js';
import { resolveType } from './content-type.js';
import { checkFileName } from './file-names.js';
import { Measurement, type Digests } from './measure.js';
import type { HashAlgorithm } from '../runtime/hash-thread.js';
import { QuotaReservation } from './quota.js';
import { E2EE_FILE_TYPE, type FileStatus, type Upload, type UploadFile } from '../model/model.js';
import type { UploadRules } from './rules.js';
import { infected, Scanning, type Judged } from './scanning.js';
import { newFile, type UploadAccess } from './uploads.js';

export interface IncomingFile {
  /** Set when the file was declared beforehand (Plik's POST /file/:id/:fileId/:name). */
  fileId?: string;
  name: string | undefined;
  /** The type the client gave, if any; guessed from the name otherwise. */
  type?: string;
  body: Readable;
  /** At most this many bytes will come (the request's declared length): the quota reserves them at once if it can. */
  sizeBound?: number;
}

/** A file taken for writing (`uploading`), with the rules its bytes go under. */
export interface StartedFile {
  file: UploadFile;
  key: DataKey;
  /** The tighter of the file size limit and what is left of the owner's quota. */
  limit: ByteLimit | undefined;
  /** The owner's quota, to reserve the bytes in as they arrive. */
  quota?: { userId: string; bytes: number };
  /** The digests to compute of the file's bytes. */
  digests: HashAlgorithm[];
}

export class FileService {
  constructor(
    private readonly metadata: FileRecords & BlobRecords & QuotaReservations & UploadRecords & UserRecords,
    private readonly data: DataStore,
    private readonly streams: DataStore,
    private readonly rules: UploadRules,
    private readonly activity: ActivityService,
    private readonly events: Events = Events.none,
    private readonly scanning: Scanning = Scanning.off,
  ) {}

  /** The file of this upload with this id and name, or 404 / 400 as Plik answers. */
  async find(access: UploadAccess, fileId: string, name: string): Promise<UploadFile> {
    const file = await this.metadata.findFile(access.upload.id, fileId);
    if (!file) throw notFound(`file ${fileId} not found`);
    if (file.name !== name) throw badRequest('invalid file name');
    return file;
  }

  async add(access: UploadAccess, incoming: IncomingFile): Promise<UploadFile> {
    const { upload } = access;
    const started = await this.start(access, incoming, (linkSecret) =>
      upload.stream ? this.streams : storeFor(this.data, this.rules.encryption, upload, linkSecret),
    );
    const { file, key, limit, quota, store } = started;
    const reservation = quota && new QuotaReservation(this.metadata, key, quota.userId, quota.bytes, incoming.sizeBound);
    const measured = new Measurement(limit, started.digests, reservation);
    // Scanned as stored: the verdict is known before the store's write ends, and a refused file fails it.
    const scanned = this.scanning.tee(upload, file, measured.wrap(incoming.body));
    try {
      await store.write(key, scanned.body);
    } catch (err) {
      // Back to missing, so that the client may try again; the store left no partial data, and the quota its bytes.
      await this.metadata.transitionFile(file.id, ['uploading'], 'missing', { size: 0 });
      throw err;
    }
    const { md5, sha256 } = await measured.digests();
    const type = await resolveType(incoming.type, file.type, file.name, measured.head());
    return this.complete(access, file, { size: measured.size, md5, sha256, type, scan: scanned.judged() });
  }

  /**
   * The scan of a file whose bytes came over several requests (tus), read back whole once they are all stored: the
   * one path that reads a file twice. A file the scan refuses (infected, or unscanned while failing closed) is
   * removed, its bytes freed: its bytes are no longer a file being built that a client could go on with.
   */
  async scanStored(access: UploadAccess, file: UploadFile, size: number): Promise<Judged> {
    const { upload } = access;
    if (!this.scanning.applies(upload)) return { status: 'uploaded' };
    const key = { uploadId: upload.id, fileId: file.id };
    const bytes = await storeFor(this.data, this.rules.encryption, upload, access.linkSecret, size).read(key);
    const result = await this.scanning.scan(upload, bytes);
    try {
      return this.scanning.judge(upload, file, result);
    } catch (err) {
      if (await this.metadata.transitionFile(file.id, ['uploading'], 'removed')) await this.purge(file);
      throw err;
    }
  }

  /**
   * Takes a file of the upload for writing, declared before (`incoming.fileId`) or new (within MaxFilePerUpload,
   * of `declaredType` if given): it is `uploading` once this returns. `storeOf` gives the store its bytes go to, with the link secret the
   * request proved, if any.
   */
  async start<S>(
    access: UploadAccess,
    incoming: Pick<IncomingFile, 'fileId' | 'name'> & { declaredType?: string },
    storeOf: (linkSecret: Buffer | undefined) => S,
  ): Promise<StartedFile & { store: S }> {
    const { upload, isAdmin } = access;
    if (!isAdmin) throw forbidden('you are not allowed to add file to this upload');
    const name = checkFileName(incoming.name);
    const file = incoming.fileId ? await this.find(access, incoming.fileId, name) : await this.declare(access, name, incoming.declaredType);
    // Before the file is taken: a full quota, or a link-encrypted upload's missing key, leaves it missing, for a
    // later try (taken first, it stayed uploading for good).
    const { limit, quota } = await this.byteLimitOf(upload);
    const store = storeOf(access.linkSecret);
    if (!(await this.metadata.transitionFile(file.id, ['missing'], 'uploading'))) {
      const current = await this.metadata.findFile(upload.id, file.id);
      throw badRequest(`invalid file status ${current?.status ?? 'deleted'}, expected missing`);
    }
    const key = { uploadId: upload.id, fileId: file.id };
    return { file: { ...file, status: 'uploading' }, key, limit, quota, digests: this.digestsOf(upload), store };
  }

  /** The digests to compute of a file's bytes: MD5 for Plik's fileMd5, SHA-256 for deduplication. */
  digestsOf(upload: Upload): HashAlgorithm[] {
    const mode = upload.encryption;
    const deduplicate = this.rules.deduplication && !upload.stream && mode !== 'link';
    // An encrypted file keeps no digest of its plain bytes: a guess at a small file would be checked against it.
    return [...(keepsPlainDigests(mode) ? ['md5' as const] : []), ...(deduplicate ? ['sha256' as const] : [])];
  }

  /**
   * Makes a file whose bytes are all stored `uploaded` (a stream-mode one `deleted`: it went to its downloader),
   * the same whichever way they came: its digests, the blob of its content, the owner's counters, the event. One
   * that its scan put in quarantine is kept so, shares no blob, and its uploader is answered the refusal.
   */
  async complete(
    access: UploadAccess,
    file: UploadFile,
    bytes: Digests & { size: number; type: string; scan: Judged },
  ): Promise<UploadFile> {
    const { upload } = access;
    const key = { uploadId: upload.id, fileId: file.id };
    const mode = upload.encryption;
    // End-to-end encrypted bytes are the clients' ciphertext, whatever the name or the first bytes suggest.
    const done = { size: bytes.size, md5: bytes.md5 ?? null, type: upload.e2ee ? E2EE_FILE_TYPE : bytes.type };
    const quarantined = bytes.scan.status === 'quarantined';
    const blob =
      bytes.sha256 && mode !== 'link' && !quarantined
        ? { hash: blobHashOf(this.rules.encryption, mode, bytes.sha256), size: bytes.size }
        : undefined;
    // A streamed file has gone to its one downloader: nothing is left to serve.
    const status = upload.stream ? ('deleted' as const) : bytes.scan.status;
    const completion = await this.metadata.completeFile(key, status, done, blob);
    if (!completion) {
      // Removed while its bytes were arriving: the removal wins, and the bytes (referenced by no blob) must not linger.
      await this.freeOwn(key);
      throw notFound(`file ${file.id} was removed during its upload`);
    }
    if (bytes.scan.status === 'quarantined') throw infected(file, bytes.scan.signature, true);
    // Identical content is kept once: this file now points at the blob's bytes, and its own copy goes.
    if (completion.shared) await this.data.remove(key);
    await this.activity.fileUploaded(upload, done.size);
    this.events.emit({
      event: 'file.uploaded',
      uploadId: upload.id,
      fileId: file.id,
      name: file.name,
      size: done.size,
      type: done.type,
      deduplicated: completion.shared,
    });
    return { ...file, ...done, status, blobHash: completion.blobHash };
  }

  async remove(access: UploadAccess, file: UploadFile): Promise<void> {
    if (!access.upload.removable && !access.isAdmin) {
      throw forbidden('you are not allowed to remove files from this upload');
    }
    const event = { event: 'file.removed', uploadId: file.uploadId, fileId: file.id } as const;
    if (await this.metadata.transitionFile(file.id, ['missing'], 'deleted')) return this.events.emit(event);
    if (await this.metadata.transitionFile(file.id, ['uploading', 'uploaded', 'quarantined'], 'removed')) {
      this.events.emit(event);
      await this.purge(file);
    }
  }

  /** Frees the data of a file marked removed, unless another request or sweep is doing so. */
  async purge(file: Pick<UploadFile, 'uploadId' | 'id'>): Promise<void> {
    await this.release(file, ['removed']);
  }

  /**
   * Frees the data of a file whose upload goes, whatever its status. One already deleted may still hold its own
   * bytes, if the server died between its release and their removal: they go again (a no-op when gone).
   */
  async purgeWithUpload(file: Pick<UploadFile, 'uploadId' | 'id'>): Promise<void> {
    if (await this.release(file, ['missing', 'uploading', 'uploaded', 'quarantined', 'removed'])) return;
    // Read again: a file listed as uploading may have referenced a blob since. Deleted, it changes no more.
    const deleted = await this.metadata.findFile(file.uploadId, file.id);
    if (deleted && !deleted.blobHash) await this.freeOwn({ uploadId: file.uploadId, fileId: file.id });
  }

  /** Frees a dead blob's bytes, then forgets it. */
  async freeDeadBlob(blob: DeadBlob): Promise<void> {
    await this.data.remove({ uploadId: blob.uploadId, fileId: blob.fileId });
    await this.metadata.deleteDeadBlob(blob);
  }

  /**
   * Takes the file out for good if its status is one of `from`, and frees what it held. The database decides
   * which one caller wins that (a request, a download's end, a sweep): only the winner frees, so a blob loses
   * each file's reference once. false for the others.
   */
  private async release(file: Pick<UploadFile, 'uploadId' | 'id'>, from: FileStatus[]): Promise<boolean> {
    const released = await this.metadata.releaseFile(file.id, from);
    if (!released) return false;
    const own = { uploadId: file.uploadId, fileId: file.id };
    // A deduplicated file's own copy went when it joined its blob, or holds the blob's bytes, which go with the
    // blob's last reference.
    if (released.blobHash) await this.streams.remove(own);
    else await this.freeOwn(own);
    if (released.deadBlob) await this.freeDeadBlob(released.deadBlob);
    return true;
  }

  private async freeOwn(own: DataKey): Promise<void> {
    await this.streams.remove(own);
    await this.data.remove(own);
  }

  /**
   * The bytes a file of this upload may hold: the owner's (or the server's) file limit and what is left of the
   * quota, counting `held` bytes the file reserves already as its own; and the quota to reserve them in as they
   * arrive, if the owner has one.
   */
  async byteLimitOf(upload: Upload, held = 0): Promise<{ limit: ByteLimit | undefined; quota?: { userId: string; bytes: number } }> {
    const owner = upload.userId ? await this.metadata.findUser(upload.userId) : undefined;
    const limits = limitsFor(this.rules, owner);
    if (!owner || limits.maxUserSize <= 0) return { limit: byteLimit(limits, undefined) };
    const { totalSize } = await this.metadata.uploadStats({ userId: owner.id }, Date.now());
    const left = limits.maxUserSize - (totalSize - held);
    if (left <= 0) throw tooLarge(`maximum user upload size reached. (${formatSize(limits.maxUserSize)})`);
    return { limit: byteLimit(limits, left), quota: { userId: owner.id, bytes: limits.maxUserSize } };
  }

  private async declare(access: UploadAccess, name: string, type = ''): Promise<UploadFile> {
    const file = newFile(access.upload, { name, type, size: 0, reference: null });
    if (!(await this.metadata.insertFile(file, this.rules.maxFilePerUpload))) {
      throw badRequest(`maximum number file per upload reached, limit is ${this.rules.maxFilePerUpload}`);
    }
    return file;
  }
}
