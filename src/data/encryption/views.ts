// The views of a store through Ferry's encryption, as one factory: the domain receives it, and builds no data class.
import type { DataStore, FileView, ResumableDataStore } from '../store.js';
import { EncryptedFile } from './encrypted-file.js';
import { EncryptedResumableStore } from './encrypted-resumable.js';

export interface EncryptedViews {
  /** One file's bytes sealed with `secret`; reads need the file's size, `plainSize`. */
  file(inner: DataStore, secret: Buffer, plainSize?: number): FileView;
  /** Files built across requests (tus), sealed with `secret` as their bytes come. */
  resumable(inner: ResumableDataStore, secret: Buffer): ResumableDataStore;
}

export const encryptedViews: EncryptedViews = {
  file: (inner, secret, plainSize) => new EncryptedFile(inner, secret, plainSize),
  resumable: (inner, secret) => new EncryptedResumableStore(inner, secret),
};
