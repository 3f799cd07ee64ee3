// Plik's wire shapes: how requests are read and how uploads and files are written, field for field.
import { Type } from 'typebox';
import { E2EE_SCHEMES, ENCRYPTION_MODES, type Upload, type UploadFile } from '../model/model.js';
import type { CreateUploadParams } from '../domain/uploads.js';
import { remainingDownloads } from '../domain/downloads.js';
import { previewKindOf } from '../domain/previews.js';
import { badRequest } from '../model/errors.js';
import type { PlikFile, PlikUpload } from './plik-wire.js';

export type { PlikFile, PlikUpload };

/**
 * `isAdmin`: the requester is the upload's admin (UploadView.isAdmin), to whom alone its downloads are shown; the
 * upload's terms decide whether the file has a preview.
 */
export function toPlikFile(upload: Upload, file: UploadFile, isAdmin: boolean): PlikFile {
  const preview = previewKindOf(upload, file);
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
    downloadCount: isAdmin ? file.downloadCount : 0,
    ...(isAdmin && file.lastDownloadedAt !== null && { lastDownloadedAt: isoTime(file.lastDownloadedAt) }),
    ...(file.uploadOffset === undefined ? {} : { uploadOffset: file.uploadOffset }),
    ...(preview && { preview }),
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
  /** The base URL of download links (Plik 1.4's downloadURL), when the server has one. */
  downloadURL?: string;
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
    ...(view.downloadURL && { downloadURL: view.downloadURL }),
    ...(upload.e2ee && { e2ee: upload.e2ee }),
    comments: upload.comments,
    files: files.map((file) => toPlikFile(upload, file, view.isAdmin)),
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
    // Plik 1.4's download accounting: the upload's admin sees it, anyone else zeros and no date.
    downloadCount: view.isAdmin ? upload.downloadCount : 0,
    downloadedBytes: view.isAdmin ? upload.downloadedBytes : 0,
    ...(view.isAdmin && upload.lastDownloadedAt !== null && { lastDownloadedAt: isoTime(upload.lastDownloadedAt) }),
  };
}

const isoTime = (ms: number) => new Date(ms).toISOString();

const DeclaredFileSchema = Type.Object({
  filename: Type.Optional(Type.String({ examples: ['report.pdf'] })),
  filetype: Type.Optional(Type.String({ maxLength: 255 })),
  filesize: Type.Optional(Type.Integer({ minimum: 0 })),
  reference: Type.Optional(Type.String({ maxLength: 255, description: "The client's own name for the file, echoed back" })),
});

/** POST /upload's body, its keys in lower case: they are matched case-insensitively ("oneShot" and "OneShot" too). */
export const CreateUploadSchema = Type.Object(
  {
    oneshot: Type.Optional(Type.Boolean({ description: 'The files go after their first download' })),
    removable: Type.Optional(Type.Boolean()),
    stream: Type.Optional(Type.Boolean({ description: 'The bytes go from uploader to downloader, never stored' })),
    ttl: Type.Optional(Type.Integer({ description: 'Seconds; -1: never expires' })),
    extend_ttl: Type.Optional(Type.Boolean()),
    login: Type.Optional(Type.String({ maxLength: 255, description: 'With password: Basic auth on the downloads' })),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    comments: Type.Optional(Type.String({ maxLength: 64 * 1024, description: 'Markdown' })),
    // Ferry's additions: Gokapi's download limit, encryption at rest, hotlink protection.
    maxdownloads: Type.Optional(Type.Integer({ minimum: 0, description: "Ferry's: downloads allowed per file; 0: no limit" })),
    encryption: Type.Optional(Type.Enum(ENCRYPTION_MODES, { description: "Ferry's: encryption at rest" })),
    hotlinkprotection: Type.Optional(Type.Boolean({ description: "Ferry's: no hotlink to these files" })),
    // Plik 1.4's end-to-end encryption: the clients seal the files; the server stores and serves opaque bytes.
    e2ee: Type.Optional(
      Type.Union([...E2EE_SCHEMES.map((scheme) => Type.Literal(scheme)), Type.Literal('')], {
        description:
          "The clients encrypt the files end to end with this scheme ('age'); they are stored and served as application/octet-stream",
      }),
    ),
    // Plik before 1.3 sent files as a map keyed by file id; only the values matter.
    files: Type.Optional(
      Type.Union([Type.Array(DeclaredFileSchema), Type.Record(Type.String(), DeclaredFileSchema), Type.Null()], {
        description: 'Files declared now, sent later; Plik before 1.3 sent a map keyed by file id',
      }),
    ),
  },
  { examples: [{ oneShot: true, ttl: 86400, files: [{ fileName: 'report.pdf' }] }] },
);
/** Compiled at the first POST /upload: TypeBox's compiler and value modules are ~2 MB of heap an idle server does without. */
async function compileCreateUpload() {
  const { Compile } = await import('typebox/compile');
  return Compile(CreateUploadSchema);
}
let createUploadBody: ReturnType<typeof compileCreateUpload> | undefined;

/**
 * Reads POST /upload's body as Plik does: any Content-Type (curl -d sends a form type), empty means
 * defaults, keys matched case-insensitively ("OneShot" works), unknown keys ignored.
 */
export async function parseCreateUpload(text: string): Promise<CreateUploadParams> {
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = lowerCaseKeys(JSON.parse(text));
  } catch (err) {
    throw badRequest(`unable to deserialize request body : ${(err as Error).message}`);
  }
  createUploadBody ??= compileCreateUpload();
  const validator = await createUploadBody;
  if (!validator.Check(json)) {
    const [error] = validator.Errors(json);
    throw badRequest(
      `unable to deserialize request body : ${error?.instancePath.slice(1).replaceAll('/', '.') || 'body'}: ${error?.message}`,
    );
  }
  const body = json;
  const files = body.files ? (Array.isArray(body.files) ? body.files : Object.values(body.files)) : [];
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
    e2ee: body.e2ee,
    files: files.map((f) => ({
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
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]));
}
