// Plik's wire shapes: how requests are read and how uploads and files are written, field for field.
import { z } from 'zod';
import { ENCRYPTION_MODES, type Upload, type UploadFile } from '../domain/model.js';
import type { CreateUploadParams } from '../domain/uploads.js';
import { remainingDownloads } from '../domain/downloads.js';
import { badRequest } from '../domain/errors.js';
import type { PlikFile, PlikUpload } from './plik-wire.js';

export type { PlikFile, PlikUpload };

export function toPlikFile(file: UploadFile): PlikFile {
  return {
    id: file.id,
    fileName: file.name,
    status: file.status,
    fileMd5: file.md5 ?? '',
    fileType: file.type,
    fileSize: file.size,
    reference: file.reference ?? '',
    createdAt: isoTime(file.createdAt),
    remainingDownloads: remainingDownloads(file),
  };
}

export interface UploadView {
  /** The requester may change the upload. */
  isAdmin: boolean;
  /**
   * The upload token, to a requester that holds it already (made the upload, or sent it): only its hash is stored,
   * so no one else, not even the owner's session or a server admin, can be shown it.
   */
  uploadToken?: string;
  /** The owner's or a server admin's list: it also sees the owner, the user token's prefix and the source address. */
  owner?: boolean;
  /** The prefix of the user token the upload was made with, as lists of tokens show it. */
  tokenPrefix?: string;
  downloadDomain: string;
}

/** An upload as a client may see it. The login and password hash never leave through this shape. */
export function toPlikUpload(upload: Upload, files: UploadFile[], view: UploadView): PlikUpload {
  const ownerFields = view.owner
    ? { user: upload.userId ?? undefined, token: view.tokenPrefix, uploadIp: upload.remoteIp ?? undefined }
    : {};
  return {
    id: upload.id,
    ttl: upload.ttl,
    extend_ttl: upload.extendTtl,
    downloadDomain: view.downloadDomain,
    comments: upload.comments,
    files: files.map(toPlikFile),
    ...(view.isAdmin && view.uploadToken !== undefined ? { uploadToken: view.uploadToken } : {}),
    ...ownerFields,
    admin: view.isAdmin,
    stream: upload.stream,
    oneShot: upload.oneShot,
    removable: upload.removable,
    protectedByPassword: upload.passwordHash !== null,
    createdAt: isoTime(upload.createdAt),
    expireAt: upload.expireAt === null ? null : isoTime(upload.expireAt),
    maxDownloads: upload.oneShot ? 1 : upload.maxDownloads,
    encryption: upload.encryption,
    hotlinkProtection: upload.hotlinkProtection,
  };
}

const isoTime = (ms: number) => new Date(ms).toISOString();

const declaredFile = z.object({
  filename: z.string().optional(),
  filetype: z.string().max(255).optional(),
  filesize: z.number().int().min(0).optional(),
  reference: z.string().max(255).optional(),
});

const createUploadBody = z.object({
  oneshot: z.boolean().optional(),
  removable: z.boolean().optional(),
  stream: z.boolean().optional(),
  ttl: z.number().int().optional(),
  extend_ttl: z.boolean().optional(),
  login: z.string().max(255).optional(),
  password: z.string().max(1024).optional(),
  comments: z.string().max(64 * 1024).optional(),
  // Ferry's additions: Gokapi's download limit, encryption at rest, hotlink protection.
  maxdownloads: z.number().int().min(0).optional(),
  encryption: z.enum(ENCRYPTION_MODES).optional(),
  hotlinkprotection: z.boolean().optional(),
  // Plik before 1.3 sent files as a map keyed by file id; only the values matter.
  files: z
    .union([z.array(declaredFile), z.record(z.string(), declaredFile)])
    .nullable()
    .optional()
    .transform((files) => (files ? (Array.isArray(files) ? files : Object.values(files)) : [])),
});

/**
 * Reads POST /upload's body as Plik does: any Content-Type (curl -d sends a form type), empty means
 * defaults, keys matched case-insensitively ("OneShot" works), unknown keys ignored.
 */
export function parseCreateUpload(text: string): CreateUploadParams {
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = lowerCaseKeys(JSON.parse(text));
  } catch (err) {
    throw badRequest(`unable to deserialize request body : ${(err as Error).message}`);
  }
  const result = createUploadBody.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(`unable to deserialize request body : ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const body = result.data;
  return {
    oneShot: body.oneshot,
    removable: body.removable,
    stream: body.stream,
    ttl: body.ttl,
    extendTtl: body.extend_ttl,
    login: body.login,
    password: body.password,
    comments: body.comments,
    maxDownloads: body.maxdownloads,
    encryption: body.encryption,
    hotlinkProtection: body.hotlinkprotection,
    files: body.files.map((f) => ({
      fileName: f.filename,
      fileType: f.filetype,
      fileSize: f.filesize,
      reference: f.reference,
    })),
  };
}

/** Object keys in lower case at every depth (the legacy files map's ids are dropped anyway). */
function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]),
  );
}
