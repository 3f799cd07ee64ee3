// Records brought in from another server (`ferry import-from`): users, tokens, file requests and uploads as they
// were there, written as Ferry's own. An upload's bytes are stored first and its metadata committed after, in one
// transaction with its files: an import that fails midway leaves no upload half there, only bytes nothing names,
// which are removed again. Each record says whether it is there already, so that an import can run again.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline, Transform } from 'node:stream';
import type { DataKey, DataStore } from '../data/store.js';
import type { FileRequestRecords } from '../metadata/records/file-requests.js';
import type { FileRecords } from '../metadata/records/files.js';
import type { TokenRecords } from '../metadata/records/tokens.js';
import type { UploadRecords } from '../metadata/records/uploads.js';
import type { UserRecords } from '../metadata/records/users.js';
import type { FileRequest } from '../model/file-requests.js';
import type { Token, Upload, UploadFile, User } from '../model/model.js';
import { storeFor, type EncryptionRules } from './encryption.js';
import { hashOfSecret } from './secrets.js';

/** A file to bring in: its record as Ferry keeps it (status uploaded, size counted as it is stored) and its bytes. */
export interface ImportedFile {
  file: Omit<UploadFile, 'uploadId' | 'status' | 'size' | 'md5' | 'blobHash' | 'reference'>;
  /** The plain bytes (an encrypted source's already opened); opened only when they are stored. */
  open(): Promise<Readable>;
}

/** An upload to bring in: what Ferry derives itself (encryption at rest, the admin token) is left out. */
export interface ImportedUpload {
  upload: Omit<Upload, 'encryption' | 'keyCheck' | 'uploadTokenHash' | 'tokenId' | 'stream'>;
  files: ImportedFile[];
  /** The hash of the admin token the source handed out (Plik's upload token), for its holders to keep it. */
  uploadTokenHash?: string;
  /** The user token (Token.hash) the source says the upload was made with. */
  tokenId?: string | null;
}

/** What is already in Ferry of an upload to import. */
export type UploadPresence = 'absent' | 'present' | { conflict: string };

export type ImportStores = UploadRecords & FileRecords & UserRecords & TokenRecords & FileRequestRecords;

export class ImportService {
  constructor(
    private readonly metadata: ImportStores,
    private readonly data: DataStore,
    private readonly encryption: EncryptionRules,
  ) {}

  /** Adds the user unless one with this id exists; false then. */
  async addUser(user: User, dryRun: boolean): Promise<boolean> {
    if (dryRun) return (await this.metadata.findUser(user.id)) === undefined;
    return this.metadata.insertUser(user);
  }

  /** Adds the token (by the hash of its secret) unless it exists; false then. */
  async addToken(token: Token, dryRun: boolean): Promise<boolean> {
    if (await this.metadata.findToken(token.hash)) return false;
    if (!dryRun) await this.metadata.insertToken(token);
    return true;
  }

  /** Adds the file request unless one with its id exists; false then. */
  async addFileRequest(request: FileRequest, dryRun: boolean): Promise<boolean> {
    if (await this.metadata.findFileRequest(request.id)) return false;
    if (!dryRun) await this.metadata.insertFileRequest(request);
    return true;
  }

  /** Whether the upload's files are in Ferry already (imported before), or their ids taken by other files. */
  async presence({ upload, files }: ImportedUpload): Promise<UploadPresence> {
    let found = 0;
    for (const { file } of files) {
      const existing = await this.metadata.findFileById(file.id);
      if (!existing) continue;
      if (existing.uploadId !== upload.id) return { conflict: `file id ${file.id} is another upload's in Ferry` };
      found++;
    }
    if (found === 0) return 'absent';
    return found === files.length ? 'present' : { conflict: `only ${found} of its ${files.length} files are in Ferry` };
  }

  /**
   * Stores each file's bytes (sealed with the server's key when it has one), then the upload with its files in one
   * commit. On any failure the bytes already stored are removed: nothing of the upload is left. `onBytes` is told
   * of the bytes as they are stored.
   */
  async addUpload(
    { upload, files, uploadTokenHash, tokenId }: ImportedUpload,
    onBytes: (count: number) => void = () => undefined,
  ): Promise<void> {
    const full: Upload = {
      ...upload,
      stream: false,
      // A link secret could not be handed to those who hold the old links: at rest, the server's key or none.
      encryption: this.encryption.serverKey && this.encryption.defaultMode !== 'none' ? 'server' : 'none',
      keyCheck: null,
      // Unless the source had one: nobody is handed this upload's admin token, its owner or a server admin manages it.
      uploadTokenHash: uploadTokenHash ?? hashOfSecret(randomBytes(32).toString('base64url')),
      tokenId: tokenId ?? null,
    };
    const store = storeFor(this.data, this.encryption, full, undefined);
    const stored: DataKey[] = [];
    try {
      const records: UploadFile[] = [];
      for (const { file, open } of files) {
        const key = { uploadId: upload.id, fileId: file.id };
        let size = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            onBytes(chunk.length);
            done(null, chunk);
          },
        });
        stored.push(key);
        // pipeline: a source that fails (a file that does not decrypt) fails the write with its error.
        pipeline(await open(), counter, () => undefined);
        await store.write(key, counter);
        records.push({ ...file, uploadId: upload.id, status: 'uploaded', size, md5: null, blobHash: null, reference: null });
      }
      await this.metadata.createUpload(full, records);
    } catch (err) {
      await Promise.allSettled(stored.map((key) => this.data.remove(key)));
      throw err;
    }
  }
}
