// Files of an upload: receiving their bytes under the size rules, and removing them.
import type { Readable } from 'node:stream';
import mime from 'mime-types';
import type { DataKey, DataStore } from '../data/store.js';
import type { MetadataStore } from '../metadata/store.js';
import { badRequest, forbidden, notFound, tooLarge } from './errors.js';
import { Events } from './events.js';
import { byteLimit, limitsFor, type ByteLimit } from './limits.js';
import { formatSize } from './sizes.js';
import { storeFor } from './encryption.js';
import { checkFileName } from './file-names.js';
import { Measurement } from './measure.js';
import type { Upload, UploadFile } from './model.js';
import type { UploadRules } from './rules.js';
import { newFile, type UploadAccess } from './uploads.js';

export interface IncomingFile {
  /** Set when the file was declared beforehand (Plik's POST /file/:id/:fileId/:name). */
  fileId?: string;
  name: string | undefined;
  /** The type the client gave, if any; guessed from the name otherwise. */
  type?: string;
  body: Readable;
}

export class FileService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly data: DataStore,
    private readonly streams: DataStore,
    private readonly rules: UploadRules,
    private readonly events: Events = Events.none,
  ) {}

  /** The file of this upload with this id and name, or 404 / 400 as Plik answers. */
  async find(access: UploadAccess, fileId: string, name: string): Promise<UploadFile> {
    const file = await this.metadata.findFile(access.upload.id, fileId);
    if (!file) throw notFound(`file ${fileId} not found`);
    if (file.name !== name) throw badRequest('invalid file name');
    return file;
  }

  async add(access: UploadAccess, incoming: IncomingFile): Promise<UploadFile> {
    const { upload, isAdmin } = access;
    if (!isAdmin) throw forbidden('you are not allowed to add file to this upload');
    const name = checkFileName(incoming.name);
    const file = incoming.fileId
      ? await this.find(access, incoming.fileId, name)
      : await this.declare(access, name);
    if (!(await this.metadata.transitionFile(file.id, ['missing'], 'uploading'))) {
      const current = await this.metadata.findFile(upload.id, file.id);
      throw badRequest(`invalid file status ${current?.status ?? 'deleted'}, expected missing`);
    }

    const key = { uploadId: upload.id, fileId: file.id };
    const deduplicate = this.rules.deduplication && !upload.stream && upload.encryption !== 'link';
    const measured = new Measurement(await this.byteLimitOf(upload), { sha256: deduplicate });
    const store = upload.stream ? this.streams : storeFor(this.data, this.rules.encryption, upload, access.linkSecret);
    try {
      await store.write(key, measured.wrap(incoming.body));
    } catch (err) {
      // Back to missing, so that the client may try again; the store left no partial data.
      await this.metadata.transitionFile(file.id, ['uploading'], 'missing');
      throw err;
    }

    const digests = await measured.digests();
    const shared = digests.sha256 ? await this.deduplicate(key, upload, digests.sha256, measured.size) : undefined;
    const done = {
      // A streamed file has gone to its one downloader: nothing is left to serve.
      status: upload.stream ? ('deleted' as const) : ('uploaded' as const),
      size: measured.size,
      md5: digests.md5,
      type: resolveType(incoming.type, file.type, name),
      blobHash: shared?.hash ?? null,
    };
    if (!(await this.metadata.transitionFile(file.id, ['uploading'], done.status, done))) {
      // Removed while its bytes were arriving: the removal wins, and the bytes must not linger.
      await this.freeData({ ...file, ...done });
      throw notFound(`file ${file.id} was removed during its upload`);
    }
    this.events.emit({
      event: 'file.uploaded',
      uploadId: upload.id,
      fileId: file.id,
      name,
      size: done.size,
      type: done.type,
      deduplicated: shared?.existing ?? false,
    });
    return { ...file, ...done };
  }

  /**
   * Keeps one copy of identical content: when a blob with the same bytes exists, this file points at it and
   * its own copy goes. The hash names the encryption mode, as a server-encrypted blob is not a plain one.
   */
  private async deduplicate(key: DataKey, upload: Upload, sha256: string, size: number): Promise<{ hash: string; existing: boolean }> {
    const hash = `${upload.encryption}:${sha256}`;
    const existing = await this.metadata.claimBlob(hash, key, size);
    if (existing) await this.data.remove(key);
    return { hash, existing: existing !== undefined };
  }

  async remove(access: UploadAccess, file: UploadFile): Promise<void> {
    if (!access.upload.removable && !access.isAdmin) {
      throw forbidden('you are not allowed to remove files from this upload');
    }
    const event = { event: 'file.removed', uploadId: file.uploadId, fileId: file.id } as const;
    if (await this.metadata.transitionFile(file.id, ['missing'], 'deleted')) return this.events.emit(event);
    if (await this.metadata.transitionFile(file.id, ['uploading', 'uploaded'], 'removed')) {
      this.events.emit(event);
      await this.purge(file);
    }
  }

  /** Frees a removed file's data and records that it is gone. */
  async purge(file: Pick<UploadFile, 'uploadId' | 'id' | 'blobHash'>): Promise<void> {
    await this.freeData(file);
    await this.metadata.transitionFile(file.id, ['removed'], 'deleted');
  }

  /** Frees a file's bytes, or its reference to shared bytes, which go with their last reference. */
  async freeData(file: Pick<UploadFile, 'uploadId' | 'id' | 'blobHash'>): Promise<void> {
    const own = { uploadId: file.uploadId, fileId: file.id };
    await this.streams.remove(own);
    if (!file.blobHash) return this.data.remove(own);
    // A deduplicated file's own copy went when it joined the blob; the blob's bytes go with its last reference.
    const lastCopy = await this.metadata.releaseBlob(file.blobHash);
    if (lastCopy) await this.data.remove(lastCopy);
  }

  /** The bytes this upload's next file may hold: the owner's (or the server's) file limit and what is left of the quota. */
  private async byteLimitOf(upload: Upload): Promise<ByteLimit | undefined> {
    const owner = upload.userId ? await this.metadata.findUser(upload.userId) : undefined;
    const limits = limitsFor(this.rules, owner);
    if (!owner || limits.maxUserSize <= 0) return byteLimit(limits, undefined);
    const { totalSize } = await this.metadata.uploadStats({ userId: owner.id }, Date.now());
    const left = limits.maxUserSize - totalSize;
    if (left <= 0) throw tooLarge(`maximum user upload size reached. (${formatSize(limits.maxUserSize)})`);
    return byteLimit(limits, left);
  }

  private async declare(access: UploadAccess, name: string): Promise<UploadFile> {
    const file = newFile(access.upload, { name, type: '', size: 0, reference: null });
    if (!(await this.metadata.insertFile(file, this.rules.maxFilePerUpload))) {
      throw badRequest(`maximum number file per upload reached, limit is ${this.rules.maxFilePerUpload}`);
    }
    return file;
  }
}

/** The client's type unless it is the uninformative default, then the declared one, then a guess from the name. */
function resolveType(given: string | undefined, declared: string, name: string): string {
  if (given && given !== 'application/octet-stream') return given;
  if (declared) return declared;
  return mime.lookup(name) || 'application/octet-stream';
}
