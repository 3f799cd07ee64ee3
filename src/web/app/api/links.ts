// The URLs of an upload's page, files, archive and QR codes.
// Link encryption: a link-encrypted upload's secret travels in the share page URL's fragment (never sent in a
// page load) and is added to file and archive URLs as Ferry's ?key= parameter.
import { apiUrl } from '../base';
import { IDENTITY_PARAM } from '../e2ee/secret';
import { pageUrl } from '../router';
import { config } from '../state/session';
import type { PlikFile, PlikUpload } from './types';

const LINK_SECRET_PARAM = 'key';

/**
 * Where downloads are served: the server's downloadURL when it has one (the upload's, or /config's for uploads
 * listed without it), else its DownloadDomain (servers before Plik 1.4), else Ferry itself.
 */
function downloadBase(upload: PlikUpload): string {
  const base = upload.downloadURL || config.value?.downloadURL || upload.downloadDomain;
  return base ? `${base.replace(/\/$/, '')}/` : apiUrl('');
}

function withSecret(url: string, linkSecret: string | undefined, extra: Record<string, string> = {}): string {
  const result = new URL(url);
  if (linkSecret) result.searchParams.set(LINK_SECRET_PARAM, linkSecret);
  for (const [key, value] of Object.entries(extra)) result.searchParams.set(key, value);
  return result.toString();
}

/**
 * The share page of an upload, as a page path for the router; the fragment carries the link-encryption secret and
 * the age identity of an upload encrypted end to end with a random key, if any.
 */
export function sharePagePath(uploadId: string, linkSecret?: string, ageIdentity?: string): string {
  const path = `/d?id=${encodeURIComponent(uploadId)}`;
  const fragment = new URLSearchParams();
  if (linkSecret) fragment.set(LINK_SECRET_PARAM, linkSecret);
  if (ageIdentity) fragment.set(IDENTITY_PARAM, ageIdentity);
  return fragment.size > 0 ? `${path}#${fragment}` : path;
}

export const sharePageUrl = (uploadId: string, linkSecret?: string, ageIdentity?: string) =>
  pageUrl(sharePagePath(uploadId, linkSecret, ageIdentity));

/** The secret in the page URL's fragment, if any. */
export const linkSecretInPage = () => new URLSearchParams(location.hash.slice(1)).get(LINK_SECRET_PARAM) ?? undefined;

const filePath = (upload: PlikUpload, file: PlikFile) =>
  `${upload.stream ? 'stream' : 'file'}/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`;

export function fileUrl(upload: PlikUpload, file: PlikFile, linkSecret?: string, { attachment = false } = {}): string {
  return withSecret(new URL(filePath(upload, file), downloadBase(upload)).toString(), linkSecret, attachment ? { dl: '1' } : {});
}

const previewPath = (upload: PlikUpload, file: PlikFile) => `preview/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`;

/** A file's preview that the browser shows itself (image, player, PDF viewer): on the download domain, as the file. */
export const previewUrl = (upload: PlikUpload, file: PlikFile, linkSecret?: string) =>
  withSecret(new URL(previewPath(upload, file), downloadBase(upload)).toString(), linkSecret);

/**
 * A text's preview, which the page reads itself: from Ferry, whose answers its scripts may read (the download
 * domain's would need CORS). As a script's read plain text, it is never a document of Ferry's origin.
 */
export const previewTextUrl = (upload: PlikUpload, file: PlikFile) => apiUrl(previewPath(upload, file));

/** An end-to-end encrypted file's age header, which the page reads to check a key before it downloads the file. */
export const ageHeaderUrl = (upload: PlikUpload, file: PlikFile) =>
  apiUrl(`age-header/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`);

/** The API path to send a file's bytes to (POST) or to remove it (DELETE). */
export const fileApiPath = filePath;

export const archiveUrl = (upload: PlikUpload, linkSecret?: string) =>
  withSecret(new URL(`archive/${upload.id}/${encodeURIComponent(`ferry-${upload.id}`)}.zip`, downloadBase(upload)).toString(), linkSecret, {
    dl: '1',
  });

export const qrCodeUrl = (url: string, size = 240) => apiUrl(`qrcode?url=${encodeURIComponent(url)}&size=${size}`);
