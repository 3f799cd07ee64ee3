// The views of a store through Ferry's encryption, as one factory: the domain receives it, and builds no data class.
import type { DataKey, DataStore, FileView, PartialFile, ResumableDataStore } from '../store.js';
import { EncryptedFile } from './encrypted-file.js';
import { abortSealed, EncryptedResumableStore } from './encrypted-resumable.js';

export interface EncryptedViews {
  /** One file's bytes sealed with `secret`; reads need the file's size, `plainSize`. */
  file(inner: DataStore, secret: Buffer, plainSize?: number): FileView;
  /** Files built across requests (tus), sealed with `secret` as their bytes come. */
  resumable(inner: ResumableDataStore, secret: Buffer): ResumableDataStore;
  /** Frees a sealed file being built: needs no secret, so that the cleanup frees a link-encrypted one. */
  abortResumable(inner: ResumableDataStore, key: DataKey, partial: PartialFile): Promise<void>;
}

export const encryptedViews: EncryptedViews = {
  file: (inner, secret, plainSize) => new EncryptedFile(inner, secret, plainSize),
  resumable: (inner, secret) => new EncryptedResumableStore(inner, secret),
  abortResumable: abortSealed,
};
