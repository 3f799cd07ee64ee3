// Encryption at rest: which secret a file's key derives from, and checking the secret a download link carries.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptedViews } from '../data/encryption/views.js';
import type { DataStore, FileView, ResumableDataStore } from '../data/store.js';
import { badRequest, notFound } from '../model/errors.js';
import type { EncryptionMode, Upload } from '../model/model.js';
import type { FeatureValue } from '../model/features.js';
import { sameSecret } from './secrets.js';

export interface EncryptionRules {
  /** The mode of uploads that do not ask for one. */
  defaultMode: EncryptionMode;
  /** disabled: uploads may not choose; forced: uploads may not choose "none". */
  feature: FeatureValue;
  /** The master key of server mode; absent when not configured. */
  serverKey?: Buffer;
  /** How an encrypted file's bytes are sealed and opened, over whichever store holds them. */
  views: EncryptedViews;
}

/** A new link secret: 256 random bits, printable in a URL. */
export const newLinkSecret = () => randomBytes(32).toString('base64url');

/** What the database keeps to recognise a link secret: a one-way derivation, useless for decrypting. */
export function keyCheckOf(secret: string, uploadId: string): string {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.from(uploadId), 'ferry link check v1', 32)).toString('hex');
}

/** Whether a file of this mode may keep digests of its plain bytes (MD5, SHA-256): only unencrypted ones may. */
export const keepsPlainDigests = (mode: EncryptionMode) => mode === 'none';

/**
 * The deduplication key of content whose SHA-256 is `sha256`, in an upload of this mode (a server-encrypted blob is
 * not a plain one). Server mode keys it with an HMAC under a key derived from the server's: a stolen database then
 * cannot confirm a guess at a file's content. Link mode never deduplicates: the server cannot tell equal files apart.
 */
export function blobHashOf(rules: EncryptionRules, mode: Exclude<EncryptionMode, 'link'>, sha256: string): string {
  if (mode === 'none') return `none:${sha256}`;
  if (!rules.serverKey) throw new Error('upload encrypted with a server key that is no longer configured');
  const key = Buffer.from(hkdfSync('sha256', rules.serverKey, Buffer.alloc(0), 'ferry dedup key v1', 32));
  return `server:${createHmac('sha256', key).update(sha256).digest('hex')}`;
}

export function chooseMode(rules: EncryptionRules, requested: EncryptionMode | undefined): EncryptionMode {
  if (requested !== undefined && requested !== rules.defaultMode && rules.feature === 'disabled') {
    throw badRequest('choosing the encryption of an upload is disabled');
  }
  const mode = requested ?? rules.defaultMode;
  if (mode === 'none' && rules.feature === 'forced') throw badRequest('this server only accepts encrypted uploads');
  if (mode === 'server' && !rules.serverKey) throw badRequest('server-side encryption is not configured');
  return mode;
}

/** The link secret given with a request, if it is the upload's; a wrong one is the same as an unknown upload. */
export function verifiedLinkSecret(upload: Upload, given: string | undefined): Buffer | undefined {
  if (upload.encryption !== 'link' || given === undefined || !upload.keyCheck) return undefined;
  if (!sameSecret(keyCheckOf(given, upload.id), upload.keyCheck)) throw notFound(`upload ${upload.id} not found`);
  return Buffer.from(given);
}

/**
 * The secret this upload's files are sealed with: the server's key or the link's, none for a plain upload. Without
 * the link's secret the files of a link-encrypted upload do not exist.
 */
export function secretFor(rules: EncryptionRules, upload: Upload, linkSecret: Buffer | undefined): Buffer | undefined {
  switch (upload.encryption) {
    case 'none':
      return undefined;
    case 'server':
      if (!rules.serverKey) throw new Error('upload encrypted with a server key that is no longer configured');
      return rules.serverKey;
    case 'link':
      if (!linkSecret) throw notFound('this file needs the key from its download link');
      return linkSecret;
  }
}

/** A file's bytes as this upload's files must be written and read: as stored, or through their encryption. */
export function storeFor(
  inner: DataStore,
  rules: EncryptionRules,
  upload: Upload,
  linkSecret: Buffer | undefined,
  plainSize?: number,
): FileView {
  const secret = secretFor(rules, upload, linkSecret);
  return secret ? rules.views.file(inner, secret, plainSize) : inner;
}

/** The store that builds this upload's files across requests (tus): as stored, or sealed as their bytes come. */
export function resumableStoreFor(
  inner: ResumableDataStore,
  rules: EncryptionRules,
  upload: Upload,
  linkSecret: Buffer | undefined,
): ResumableDataStore {
  const secret = secretFor(rules, upload, linkSecret);
  return secret ? rules.views.resumable(inner, secret) : inner;
}
