// What the domain needs from a metadata backend. One implementation (kysely-store.ts) serves every SQL dialect.
import type { FileStatus, Upload, UploadFile } from '../domain/model.js';

export interface FileRef {
  uploadId: string;
  fileId: string;
}

export interface MetadataStore {
  createUpload(upload: Upload, files: UploadFile[]): Promise<void>;
  /** The upload unless it is deleted or expired at `now`. */
  findLiveUpload(id: string, now: number): Promise<Upload | undefined>;
  setExpireAt(id: string, expireAt: number | null): Promise<void>;
  /** Hides the upload at once and marks its files for removal; the cleanup job frees the data. */
  markUploadDeleted(id: string, now: number): Promise<void>;

  listFiles(uploadId: string): Promise<UploadFile[]>;
  findFile(uploadId: string, fileId: string): Promise<UploadFile | undefined>;
  /** Adds a file unless the upload already holds `maxFiles` live files; false when full. */
  insertFile(file: UploadFile, maxFiles: number): Promise<boolean>;
  /** Moves a file to `to` only if its status is one of `from`; false when another request got there first. */
  transitionFile(
    fileId: string,
    from: FileStatus[],
    to: FileStatus,
    changes?: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>>,
  ): Promise<boolean>;

  /** Takes a download slot on an uploaded file if its limit allows; false when none is left. */
  reserveDownload(fileId: string): Promise<boolean>;
  /** Gives back a slot whose download failed, so that someone else may download. */
  releaseDownload(fileId: string): Promise<void>;
  /** Counts a finished download; true when that used up the file's limit. */
  completeDownload(fileId: string): Promise<boolean>;

  /** Uploads past their expiry or deleted, for the cleanup job. */
  uploadsToPurge(now: number, limit: number): Promise<string[]>;
  /** Removes an upload's rows once its data is gone. */
  deleteUploadRows(id: string): Promise<void>;
  /** Files marked removed whose data is still to be freed. */
  filesToPurge(limit: number): Promise<FileRef[]>;

  close(): Promise<void>;
}
