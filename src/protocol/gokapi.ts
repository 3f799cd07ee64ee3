// Gokapi's wire shapes: the form fields of POST /api/files/add, and a file written both as the Gokapi article shows
// it (result, fileInfo.url, …) and as Gokapi itself writes it (Result, FileInfo.UrlDownload, …), so that scripts
// written for either read their own fields. JSON keys are case-sensitive: the two sets never collide.
import path from 'node:path';
import { Type } from 'typebox';
import { remainingDownloads } from '../domain/downloads.js';
import { badRequest } from '../model/errors.js';
import type { Upload, UploadFile } from '../model/model.js';
import { formatSize } from '../domain/sizes.js';
import type { TermsParams } from '../domain/uploads.js';
import type { GokapiFile, GokapiResult } from './gokapi-wire.js';

/** The form fields Gokapi reads for an upload: the article's three and Gokapi's two "unlimited" switches. */
const TERM_FIELDS = {
  allowedDownloads: 'Downloads allowed; 0: no limit, missing or not a number: 1',
  expiryDays: "Days the file lives; 0: never expires, missing: the server's DefaultTTL",
  password: 'A password the download page asks',
  isUnlimitedDownload: '"true": no download limit',
  isUnlimitedTime: '"true": never expires',
} as const;
export const GOKAPI_TERM_FIELDS = Object.keys(TERM_FIELDS) as Array<keyof typeof TERM_FIELDS>;
export type GokapiTermFields = Partial<Record<keyof typeof TERM_FIELDS, string>>;

/** POST /api/files/add's multipart form, for the API document (the route reads the parts itself). */
export const GokapiAddFormSchema = Type.Object({
  file: Type.String({ format: 'binary' }),
  ...Object.fromEntries(Object.entries(TERM_FIELDS).map(([name, description]) => [name, Type.Optional(Type.String({ description }))])),
});

/** Gokapi's default when allowedDownloads is missing or not a number. */
const DEFAULT_ALLOWED_DOWNLOADS = 1;

/**
 * Reads the fields as Gokapi does: a missing or non-numeric allowedDownloads means 1, 0 (or
 * isUnlimitedDownload=true) no limit; expiryDays 0 (or isUnlimitedTime=true) never expires. A missing expiryDays
 * takes the server's DefaultTTL (Gokapi's own default is its 14 days). Negative numbers are refused.
 */
export function termsFromGokapi(fields: GokapiTermFields): TermsParams {
  const downloads = integerOf(fields.allowedDownloads, 'allowedDownloads') ?? DEFAULT_ALLOWED_DOWNLOADS;
  const days = integerOf(fields.expiryDays, 'expiryDays');
  const neverExpires = fields.isUnlimitedTime === 'true' || days === 0;
  return {
    maxDownloads: fields.isUnlimitedDownload === 'true' ? 0 : downloads,
    ttl: neverExpires ? -1 : days === undefined ? undefined : days * 24 * 3600,
    password: fields.password || undefined,
  };
}

function integerOf(text: string | undefined, field: string): number | undefined {
  if (text === undefined || !/^[+-]?\d{1,9}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  if (value < 0) throw badRequest(`invalid ${field}, expected 0 (unlimited) or more`);
  return value;
}

export interface GokapiFileView {
  /** Origin and path prefix the links start with. */
  base: string;
  /** The key of a link-encrypted upload, known only in the answer to its creation. */
  linkSecret?: string;
  /** Hotlinks allowed to this file (with the links' key, if any). */
  hotlinkable: boolean;
}

/** A file in both shapes: the article's camelCase fields, then Gokapi's own. */
export function toGokapiFile(upload: Upload, file: UploadFile, view: GokapiFileView): GokapiFile {
  const key = view.linkSecret === undefined ? '' : `key=${encodeURIComponent(view.linkSecret)}`;
  const pageUrl = `${view.base}/d?id=${file.id}${key && `&${key}`}`;
  const hotlinkId = view.hotlinkable ? `${file.id}${extensionOf(file.name)}` : '';
  const hotlinkUrl = view.hotlinkable ? `${view.base}/hotlink/${file.id}/${encodeURIComponent(file.name)}${key && `?${key}`}` : '';
  const remaining = remainingDownloads(file);
  const expiry = upload.expireAt === null ? null : Math.floor(upload.expireAt / 1000);
  const size = formatSize(file.size);
  return {
    id: file.id,
    name: file.name,
    size,
    url: pageUrl,
    hotlinkUrl,
    remainingDownloads: remaining,
    expiry,

    Id: file.id,
    Name: file.name,
    Size: size,
    HotlinkId: hotlinkId,
    ContentType: file.type,
    ExpireAtString: upload.expireAt === null ? '' : new Date(upload.expireAt).toISOString().slice(0, 19).replace('T', ' '),
    UrlDownload: pageUrl,
    UrlHotlink: hotlinkId && `${view.base}/h/${hotlinkId}${key && `?${key}`}`,
    FileRequestId: '',
    UploadDate: Math.floor(file.createdAt / 1000),
    ExpireAt: expiry ?? 0,
    SizeBytes: file.size,
    // Gokapi says 0 for a file without a limit, and UnlimitedDownloads.
    DownloadsRemaining: remaining ?? 0,
    DownloadCount: file.downloadsCompleted,
    UnlimitedDownloads: remaining === null,
    UnlimitedTime: upload.expireAt === null,
    // Ferry decrypts on the server, with its key or the link's: a browser never has to.
    RequiresClientSideDecryption: false,
    IsEncrypted: upload.encryption !== 'none',
    IsEndToEndEncrypted: false,
    IsPasswordProtected: upload.passwordHash !== null,
    IsSavedOnLocalStorage: true,
    IsPendingDeletion: false,
    IsFileRequest: false,
    // Gokapi numbers its users; Ferry's user ids are names, which this integer field cannot hold.
    UploaderId: 0,
  };
}

/** The answer to an upload: Gokapi's Result wrapper with the article's result/fileInfo beside it. */
export const gokapiResult = (file: GokapiFile): GokapiResult => ({
  result: 'OK',
  fileInfo: file,
  Result: 'OK',
  FileInfo: file,
  IncludeFilename: false,
});

/** The lower-case extension of a name, as Gokapi appends it to hotlink ids; none when it is not a plain one. */
function extensionOf(name: string): string {
  const extension = path.extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,16}$/.test(extension) ? extension : '';
}
