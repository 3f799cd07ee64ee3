// Files built over several requests (tus's resumable uploads): created with their length, appended to at the offset
// the server holds, finished as a one-request upload finishes its file. Where each stands lives in the metadata
// store (offset, store state, digest states), so that any instance takes the next request; which request may write
// is decided there too, by a claim taken at the expected offset and renewed while the bytes stream.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataBackendStore, DataKey, PartialFile, ResumableDataStore } from '../data/store.js';
import type { FileRecords } from '../metadata/records/files.js';
import type { QuotaReservations } from '../metadata/records/quota.js';
import type { ResumableFile, ResumableFileRecords, ResumableProgress } from '../metadata/records/resumable.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, conflict, FerryError, forbidden, notFound } from '../model/errors.js';
import type { Upload, UploadFile } from '../model/model.js';
import { SNIFF_BYTES, resolveType } from './content-type.js';
import { resumableStoreFor, storeFor } from './encryption.js';
import type { FileService } from './files.js';
import { limitsFor } from './limits.js';
import { Measurement, type Digests } from './measure.js';
import { QuotaReservation } from './quota.js';
import { ResumableHasher, type DigestState } from './resumable-digests.js';
import type { UploadRules } from './rules.js';
import { ScanRefusal } from './scanning.js';
import type { UploadAccess } from './uploads.js';

export interface ResumableOptions {
  /** How long (ms) a file may go without a byte before it is abandoned, and removed by the cleanup. */
  expiryMs: number;
  /** How long (ms) a request's claim holds unless renewed: how long a dead process's claim blocks a resume. */
  claimMs?: number;
}

/** A new file to build: its name, its type if the client said, its length unless it tells it later. */
export interface NewResumableFile {
  name: string;
  type?: string;
  length?: number;
}

/** Bytes for a file being built, from `offset` on. */
export interface ResumableBytes {
  offset: number;
  body: Readable;
  /** The file's length, told now by a client that deferred it. */
  length?: number;
  /** The digest these bytes must have (tus's Upload-Checksum). */
  checksum?: { algorithm: 'sha1' | 'md5' | 'sha256'; digest: Buffer };
  /** How many bytes the request says it carries. */
  declaredSize?: number;
}

/** Where a file being built stands after a request. */
export interface ResumableStatus {
  offset: number;
  /** null: not told yet. */
  length: number | null;
  /** When the file is abandoned if no byte comes; absent once it is whole. */
  expiresAt?: number;
  /** The file, whole, once its last byte arrived. */
  file?: UploadFile;
}

const CLAIM_MS = 15_000;

export class ResumableFileService {
  private readonly claimMs: number;

  constructor(
    private readonly metadata: ResumableFileRecords & FileRecords & QuotaReservations & UserRecords,
    private readonly data: DataBackendStore,
    private readonly files: FileService,
    private readonly rules: UploadRules,
    private readonly options: ResumableOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.claimMs = options.claimMs ?? CLAIM_MS;
  }

  /** A new file of the upload, empty, to be built; whole at once when its length is 0. */
  async create(access: UploadAccess, incoming: NewResumableFile): Promise<{ file: UploadFile; status: ResumableStatus }> {
    const { upload } = access;
    if (upload.stream) throw badRequest('a stream-mode upload cannot take a resumable file: send the file in one request');
    if (!access.isAdmin) throw forbidden('you are not allowed to add file to this upload');
    const { length } = incoming;
    const { limit } = await this.files.byteLimitOf(upload);
    if (length === undefined && (await this.fileSizeLimitOf(upload)) > 0) {
      throw badRequest('a file size limit applies: the length must be given at the creation (Upload-Length)');
    }
    if (length !== undefined && limit && length > limit.bytes) throw limit.error();

    const started = await this.files.start(access, { name: incoming.name, declaredType: incoming.type }, (secret) =>
      this.storeOf(upload, secret),
    );
    const { file, key, quota, store } = started;
    const now = this.now();
    let partial: PartialFile | undefined;
    try {
      // The whole length is reserved of the owner's quota now: a file that cannot fit is refused before any byte.
      if (quota && length) await new QuotaReservation(this.metadata, key, quota.userId, quota.bytes, length).cover(length);
      partial = await store.begin(key);
      const resumable: ResumableFile = {
        fileId: file.id,
        uploadId: upload.id,
        encryption: upload.encryption,
        length: length ?? null,
        offset: 0,
        storeState: partial.state,
        digestState: null,
        createdAt: now,
        expiresAt: now + this.options.expiryMs,
      };
      await this.metadata.insertResumableFile(resumable);
    } catch (err) {
      if (partial) await store.abort(key, partial);
      await this.metadata.transitionFile(file.id, ['uploading'], 'deleted', { size: 0 });
      throw err;
    }
    if (length === 0) return { file, status: await this.append(access, file.id, { offset: 0, body: Readable.from([]) }) };
    return { file, status: { offset: 0, length: length ?? null, expiresAt: now + this.options.expiryMs } };
  }

  /**
   * Where the file stands: being built, or whole (its offset its size). One that holds all its bytes but was not
   * made whole (its request died in between) is made whole now: a client told the offset is the length is done.
   */
  async status(access: UploadAccess, fileId: string): Promise<ResumableStatus> {
    const { file, resumable } = await this.find(access, fileId);
    if (!resumable) return { offset: file.size, length: file.size };
    if (resumable.offset === resumable.length) {
      try {
        return await this.append(access, fileId, { offset: resumable.offset, body: Readable.from([]) });
      } catch (err) {
        // Another request is making it whole: it stands as it was.
        if (!(err instanceof FerryError && err.kind === 'conflict')) throw err;
      }
    }
    return { offset: resumable.offset, length: resumable.length, expiresAt: resumable.expiresAt };
  }

  /**
   * Writes `bytes` at the file's offset, which they must start at (409 otherwise, or while another request writes
   * it). The offset moves at each of the store's durable checkpoints; with a checksum, only at the end, once the
   * bytes match it (460 otherwise, the offset where it was). The last byte makes the file whole.
   */
  async append(access: UploadAccess, fileId: string, bytes: ResumableBytes): Promise<ResumableStatus> {
    const { upload } = access;
    const { file, resumable } = await this.find(access, fileId);
    if (!resumable) throw badRequest(`file ${fileId} is already uploaded`);
    if (bytes.offset !== resumable.offset) throw conflict(`the upload is at offset ${resumable.offset}, not ${bytes.offset}`);
    const length = this.lengthOf(resumable, bytes.length);
    const { limit, quota } = await this.files.byteLimitOf(upload, file.size);
    if (limit && length !== null && length > limit.bytes) throw limit.error();
    if (length !== null && bytes.declaredSize !== undefined && bytes.offset + bytes.declaredSize > length) {
      throw new FerryError('too_large', `these bytes go past the file's length (${length})`);
    }

    const holder = randomUUID();
    if (!(await this.metadata.claimResumableFile(fileId, resumable.offset, holder, this.now(), this.now() + this.claimMs))) {
      throw conflict('another request is writing this file, or wrote it further: ask for its offset again');
    }
    const key = { uploadId: upload.id, fileId };
    const renewal = this.keepClaim(fileId, holder, bytes.body);
    try {
      const store = this.storeOf(upload, access.linkSecret);
      const digests = this.files.digestsOf(upload);
      const serverKey = upload.encryption === 'server' ? this.rules.encryption.serverKey : undefined;
      const kept = resumable.digestState as DigestState | null;
      // Offsets the store may report: its checkpoints, and where an append stops short of its body (whole blocks).
      const steps = [store.checkpointSize, ...(store.endAlignment > 1 ? [store.endAlignment] : [])];
      const hasher = await ResumableHasher.open(digests, kept, resumable.offset, steps, serverKey);
      const reservation = quota && new QuotaReservation(this.metadata, key, quota.userId, quota.bytes, length ?? undefined);
      const measured = new Measurement(limit, digests, reservation, { offset: resumable.offset, hasher });
      const checksum = bytes.checksum && createHash(bytes.checksum.algorithm);
      const progressAt = (partial: PartialFile): ResumableProgress => ({
        offset: partial.offset,
        length,
        storeState: partial.state,
        digestState: hasher.stateAt(partial.offset),
        expiresAt: this.now() + this.options.expiryMs,
      });
      const record = async (partial: PartialFile) => {
        if (!(await this.metadata.advanceResumableFile(fileId, holder, progressAt(partial), this.now() + this.claimMs))) {
          throw conflict('another request took this file over');
        }
      };
      // Checked bytes count only once they match: until then the offset stays, and the claim is only renewed.
      const durable = async (partial: PartialFile) => {
        if (!checksum) return record(partial);
        if (!(await this.metadata.renewResumableClaim(fileId, holder, this.now() + this.claimMs))) {
          throw conflict('another request took this file over');
        }
      };
      const body = checksum ? digested(bytes.body, checksum) : bytes.body;
      const from = { offset: resumable.offset, state: resumable.storeState };
      const reached = await store.append(key, from, measured.wrap(body), { length: length ?? undefined, durable });
      if (checksum && !checksum.digest().equals(bytes.checksum!.digest)) {
        throw new FerryError('checksum_mismatch', `these bytes do not match their ${bytes.checksum!.algorithm} checksum`);
      }
      // Also when no byte came: a length told, the expiry pushed on.
      await record(reached);
      if (reached.offset !== length) return { offset: reached.offset, length, expiresAt: this.now() + this.options.expiryMs };
      await store.finish(key, reached);
      const whole = await this.makeWhole(access, file, reached.offset, await measured.digests()).catch(async (err: unknown) => {
        // A file its scan refused or quarantined is so for good: nothing is left to build.
        if (err instanceof ScanRefusal) await this.metadata.deleteResumableFile(fileId, this.now(), holder);
        throw err;
      });
      await this.metadata.deleteResumableFile(fileId, this.now(), holder);
      return { offset: reached.offset, length, file: whole };
    } finally {
      clearInterval(renewal);
      await this.metadata.releaseResumableClaim(fileId, holder);
    }
  }

  /** Stops building the file and frees what it held (tus's termination). */
  async terminate(access: UploadAccess, fileId: string): Promise<void> {
    const { file, resumable } = await this.find(access, fileId);
    if (!resumable) throw badRequest(`file ${fileId} is already uploaded: remove it as any other file`);
    if (!(await this.metadata.deleteResumableFile(fileId, this.now()))) {
      throw conflict('a request is writing this file: terminate it again once it ends');
    }
    await this.abort(resumable);
    await this.files.remove(access, file);
  }

  /**
   * Frees files being built that were abandoned at `now`, or whose file went (removed, its upload purged) or was
   * finished by a request that died before it forgot them; returns how many of `limit` at most.
   */
  async sweep(now: number, limit: number): Promise<number> {
    let freed = 0;
    for (const resumable of await this.metadata.staleResumableFiles(now, limit)) {
      if (!(await this.metadata.deleteResumableFile(resumable.fileId, now))) continue;
      const file = await this.metadata.findFile(resumable.uploadId, resumable.fileId);
      // A whole file's bytes are its data now: only the record of its building was left.
      if (file?.status !== 'uploaded') await this.abort(resumable);
      if (file?.status === 'uploading' && (await this.metadata.transitionFile(file.id, ['uploading'], 'removed'))) {
        await this.files.purge(file);
      }
      freed++;
    }
    return freed;
  }

  /** The offsets of an upload's files being built, by file id. */
  offsetsOf(upload: Upload): Promise<Map<string, number>> {
    return this.metadata.resumableOffsets(upload.id);
  }

  /** The file of this upload, and where it stands if it is being built; 404 for anything else. */
  private async find(access: UploadAccess, fileId: string): Promise<{ file: UploadFile; resumable?: ResumableFile }> {
    if (!access.isAdmin) throw forbidden('you are not allowed to add file to this upload');
    const file = await this.metadata.findFile(access.upload.id, fileId);
    if (file?.status === 'uploaded') return { file };
    const resumable = file?.status === 'uploading' ? await this.metadata.findResumableFile(fileId) : undefined;
    if (!file || !resumable) throw notFound(`file ${fileId} not found`);
    return { file, resumable };
  }

  /** The length as the file has it, or as this request tells it (once, and not below what the file holds). */
  private lengthOf(resumable: ResumableFile, told: number | undefined): number | null {
    if (told === undefined) return resumable.length;
    if (resumable.length !== null && told !== resumable.length) throw badRequest(`the file's length is ${resumable.length} already`);
    if (told < resumable.offset) throw badRequest(`the file holds ${resumable.offset} bytes already`);
    return told;
  }

  /** Renews the claim while the bytes stream; a claim lost stops them at once, before another writer's bytes land. */
  private keepClaim(fileId: string, holder: string, body: Readable): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.metadata
        .renewResumableClaim(fileId, holder, this.now() + this.claimMs)
        .then((kept) => {
          if (!kept) body.destroy(conflict('another request took this file over'));
        })
        .catch((err: Error) => body.destroy(err));
    }, this.claimMs / 3);
    timer.unref();
    return timer;
  }

  /** The file, its bytes all stored, made `uploaded` as a one-request upload makes it; its type from its start if need be. */
  private async makeWhole(access: UploadAccess, file: UploadFile, size: number, digests: Digests): Promise<UploadFile> {
    const key = { uploadId: access.upload.id, fileId: file.id };
    const type = await resolveType(file.type || undefined, '', file.name, () => this.headOf(access, key, size));
    const scan = await this.files.scanStored(access, file, size);
    return this.files.complete(access, file, { size, ...digests, type, scan });
  }

  /** The start of the whole file, to sniff its type from. */
  private async headOf(access: UploadAccess, key: DataKey, size: number): Promise<Buffer> {
    if (size === 0) return Buffer.alloc(0);
    const store = storeFor(this.data, this.rules.encryption, access.upload, access.linkSecret, size);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.read(key, { start: 0, end: Math.min(size, SNIFF_BYTES) - 1 })) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The server's file size limit as it applies to the upload's owner (0 or less: none). */
  private async fileSizeLimitOf(upload: Upload): Promise<number> {
    const owner = upload.userId ? await this.metadata.findUser(upload.userId) : undefined;
    return limitsFor(this.rules, owner).maxFileSize;
  }

  /** The store the file's bytes go through: sealed as the upload says. */
  private storeOf(upload: Upload, linkSecret: Buffer | undefined): ResumableDataStore {
    return resumableStoreFor(this.data, this.rules.encryption, upload, linkSecret);
  }

  /** Frees what a file being built holds, as it was built: the cleanup has no link secret, and needs none. */
  private abort(resumable: ResumableFile): Promise<void> {
    const key = { uploadId: resumable.uploadId, fileId: resumable.fileId };
    const partial = { offset: resumable.offset, state: resumable.storeState };
    if (resumable.encryption === 'none') return this.data.abort(key, partial);
    return this.rules.encryption.views.abortResumable(this.data, key, partial);
  }
}

/** The bytes as they pass, fed to `hash` (a request's own checksum). */
function digested(body: Readable, hash: ReturnType<typeof createHash>): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        hash.update(chunk);
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
}
