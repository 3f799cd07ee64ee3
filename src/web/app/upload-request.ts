// What the upload form asks Ferry for: the options as POST /upload's body, and the checks made before sending.
import type { EncryptionMode, UploadFeatures } from './features';
import { formatNumber, formatSize } from './format';
import { t } from './state/language';

export interface UploadOptions {
  oneShot: boolean;
  stream: boolean;
  removable: boolean;
  extendTtl: boolean;
  ttl: number;
  password: string;
  comments: string;
  /** As typed; empty: no limit. */
  maxDownloads: string;
  encryption: EncryptionMode;
}

export function initialOptions(features: UploadFeatures): UploadOptions {
  return {
    oneShot: features.oneShot.initial,
    stream: features.stream.initial,
    removable: features.removable.initial,
    extendTtl: features.extendTtl.initial,
    ttl: features.defaultTtl,
    password: '',
    comments: '',
    maxDownloads: '',
    encryption: features.encryptionModes[0] ?? 'none',
  };
}

/**
 * The body of POST /upload: only the options the server offers, and the files declared up front; none when they
 * go through tus, where creating each file's tus upload adds it.
 */
export function uploadBody(options: UploadOptions, features: UploadFeatures, files: File[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (files.length > 0)
    body.files = files.map((file, index) => ({ fileName: file.name, fileSize: file.size, fileType: file.type, reference: String(index) }));
  if (features.oneShot.shown) body.oneShot = options.oneShot;
  if (features.stream.shown) body.stream = options.stream;
  if (features.removable.shown) body.removable = options.removable;
  if (features.extendTtl.shown) body.extend_ttl = options.extendTtl;
  if (features.ttlChoices.length > 0) body.ttl = options.ttl;
  // No login: the page's uploads keep Plik's default one, so that the password alone opens them (see PasswordPrompt).
  if (features.password.shown && options.password) body.password = options.password;
  if (features.comments && options.comments.trim()) body.comments = options.comments;
  if (features.downloadLimit.shown && options.maxDownloads.trim()) body.maxDownloads = Number(options.maxDownloads);
  if (features.encryptionModes.length > 0) body.encryption = options.encryption;
  return body;
}

/** Problems to fix before anything is sent, each a sentence; `usedBytes` is what the user's quota already holds. */
export function problemsWith(files: File[], options: UploadOptions, features: UploadFeatures, usedBytes: number): string[] {
  const problems: string[] = [];
  if (files.length === 0) problems.push(t().addAtLeastOneFile);
  if (features.maxFilePerUpload > 0 && files.length > features.maxFilePerUpload) {
    problems.push(t().tooManyFiles(features.maxFilePerUpload, files.length));
  }
  for (const file of files) {
    if (features.maxFileSize > 0 && file.size > features.maxFileSize) {
      problems.push(t().fileTooLarge(file.name, formatSize(file.size), formatSize(features.maxFileSize)));
    }
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (features.quota > 0 && usedBytes + total > features.quota) {
    problems.push(t().overQuota(formatSize(usedBytes), formatSize(features.quota), formatSize(total)));
  }
  if (features.password.locked && !options.password) problems.push(t().passwordRequired);
  if (features.downloadLimit.locked && !options.maxDownloads.trim()) problems.push(t().downloadLimitRequired);
  if (options.maxDownloads.trim()) {
    const limit = Number(options.maxDownloads);
    if (!Number.isInteger(limit) || limit < 1) problems.push(t().downloadLimitWhole);
    else if (features.maxDownloads > 0 && limit > features.maxDownloads)
      problems.push(t().downloadLimitAtMost(formatNumber(features.maxDownloads)));
  }
  return problems;
}
