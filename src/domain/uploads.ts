// Uploads: creating them under the server's rules, finding them, deciding who may do what, deleting them.
import type { FileRecords } from '../metadata/records/files.js';
import type { ResumableFileRecords } from '../metadata/records/resumable.js';
import type { TokenRecords } from '../metadata/records/tokens.js';
import type { UploadFilter, UploadListFilter, UploadRecords, UploadStats, UploadTerms } from '../metadata/records/uploads.js';
import type { ActivityService } from './activity.js';
import { badRequest, forbidden, notFound, unauthorized } from '../model/errors.js';
import { Events } from './events.js';
import { checkFileName } from './file-names.js';
import { newFileId, newUploadId, newUploadToken } from '../model/ids.js';
import { limitsFor } from './limits.js';
import { chooseMode, keyCheckOf, newLinkSecret, verifiedLinkSecret } from './encryption.js';
import { E2EE_FILE_TYPE, type E2eeScheme, type EncryptionMode, type Upload, type UploadFile, type User } from '../model/model.js';
import type { Page, Slice } from '../model/paging.js';
import { credentialsMatch, DEFAULT_LOGIN, hashPassword } from './passwords.js';
import { hashOfSecret, sameSecret } from './secrets.js';
import type { FailureThrottle } from './throttle.js';
import { applyFeature, checkDeclaredSize, expiryFor, resolveTtl, type UploadRules } from './rules.js';

export interface DeclaredFile {
  fileName?: string;
  fileType?: string;
  fileSize?: number;
  reference?: string;
}

/** What may be set again once an upload exists (Gokapi's form fields that follow the file). */
export type TermsParams = Pick<CreateUploadParams, 'ttl' | 'maxDownloads' | 'login' | 'password'>;

export interface CreateUploadParams {
  oneShot?: boolean;
  removable?: boolean;
  stream?: boolean;
  ttl?: number;
  extendTtl?: boolean;
  login?: string;
  password?: string;
  comments?: string;
  files?: DeclaredFile[];
  /** Completed downloads allowed per file; 0 or absent: no limit. */
  maxDownloads?: number;
  encryption?: EncryptionMode;
  hotlinkProtection?: boolean;
  /** Plik 1.4's: the clients encrypt the files end to end with this scheme; the server stores what it is sent. */
  e2ee?: E2eeScheme;
}

/** Who is asking: where from, and the user (and upload token) the request authenticated as, if any. */
export interface Requester {
  remoteIp: string | null;
  user?: User;
  /** Set when the request authenticated with a user's upload token (X-PlikToken) rather than a session: its hash. */
  tokenId?: string;
  /** Set when the request authenticated with a session: the hash of its id (Session.idHash). */
  sessionId?: string;
}

/** What a request proves about itself when it touches an upload. */
export interface UploadCredentials {
  requester: Requester;
  uploadToken?: string;
  basic?: { login: string; password: string };
  /** The secret of a link-encrypted upload, as its download link carries it. */
  linkKey?: string;
  /** The request comes from a bot that fetches links pasted in chats to preview them. */
  linkPreview?: boolean;
}

/** An upload as one request sees it. `isAdmin`: may change it (holds its upload token, owns it, or is a server admin). */
export interface UploadAccess {
  upload: Upload;
  isAdmin: boolean;
  /** The upload token, when the request holds it (made the upload, or sent it): only its hash is stored. */
  uploadToken?: string;
  /** Set when the request gave the right link secret of a link-encrypted upload. */
  linkSecret?: Buffer;
  /** Set when the request comes from a link-preview bot (UploadCredentials.linkPreview). */
  linkPreview?: boolean;
}

/** An upload in a list; `tokenPrefix`: of the user token it was made with, unless revoked since. */
export interface ListedUpload {
  upload: Upload;
  files: UploadFile[];
  tokenPrefix?: string;
}

export interface CreatedUpload {
  upload: Upload;
  files: UploadFile[];
  /** The upload token, handed to the creator this once and never stored. */
  uploadToken: string;
  /** Link encryption: the secret to put in download links, shown this once and never stored. */
  linkSecret?: string;
}

/** The upload as its creator holds it, in the same request: its admin, with its link secret. */
export const creatorAccess = ({ upload, uploadToken, linkSecret }: CreatedUpload): UploadAccess => ({
  upload,
  isAdmin: true,
  uploadToken,
  linkSecret: linkSecret === undefined ? undefined : Buffer.from(linkSecret),
});

export class UploadService {
  constructor(
    private readonly metadata: UploadRecords & FileRecords & TokenRecords & ResumableFileRecords,
    private readonly rules: UploadRules,
    private readonly passwordThrottle: FailureThrottle,
    private readonly activity: ActivityService,
    private readonly events: Events = Events.none,
    private readonly now: () => number = Date.now,
  ) {}

  async create(params: CreateUploadParams, requester: Requester): Promise<CreatedUpload> {
    const rules = this.rules;
    rules.addressLimits.checkMayUpload(requester.remoteIp);
    if (rules.authentication === 'forced' && !requester.user) throw badRequest('anonymous uploads are disabled');
    if (!requester.user) await rules.addressLimits.takeAnonymousUpload(requester.remoteIp);
    const oneShot = applyFeature(rules.oneShot, params.oneShot ?? false, 'one shot uploads are disabled');
    const removable = applyFeature(rules.removable, params.removable ?? false, 'removable uploads are disabled');
    const stream = applyFeature(rules.stream, params.stream ?? false, 'streaming uploads are disabled');
    const extendTtl = applyFeature(rules.extendTtl, params.extendTtl ?? false, 'extend TTL is disabled');
    // Not applyFeature: forced cannot make an upload end-to-end encrypted, only its client can seal its bytes.
    if (params.e2ee === undefined && rules.e2ee === 'forced') throw badRequest('uploads must be end-to-end encrypted (e2ee)');
    if (params.e2ee !== undefined && rules.e2ee === 'disabled') throw badRequest('end-to-end encrypted uploads are disabled');
    const declared = params.files ?? [];
    if (declared.length > rules.maxFilePerUpload) throw badRequest(`too many files. maximum is ${rules.maxFilePerUpload}`);
    const encryption = stream ? 'none' : chooseMode(rules.encryption, params.encryption);
    const linkSecret = encryption === 'link' ? newLinkSecret() : undefined;

    const now = this.now();
    const id = newUploadId();
    const uploadToken = newUploadToken();
    const upload: Upload = {
      id,
      createdAt: now,
      ...(await this.termsOf(params, requester.user, now)),
      extendTtl,
      oneShot,
      stream,
      removable,
      comments: rules.comments === 'disabled' ? '' : (params.comments ?? ''),
      uploadTokenHash: hashOfSecret(uploadToken),
      userId: requester.user?.id ?? null,
      tokenId: requester.tokenId ?? null,
      remoteIp: requester.remoteIp,
      encryption,
      keyCheck: linkSecret ? keyCheckOf(linkSecret, id) : null,
      hotlinkProtection: params.hotlinkProtection ?? false,
      e2ee: params.e2ee ?? '',
      ...NOT_DOWNLOADED_YET,
    };
    const { maxFileSize } = limitsFor(rules, requester.user);
    const files = declared.map((d) => {
      checkDeclaredSize(maxFileSize, d.fileSize ?? 0);
      return newFile(upload, {
        name: checkFileName(d.fileName),
        type: d.fileType ?? '',
        size: d.fileSize ?? 0,
        reference: d.reference ?? null,
      });
    });
    await this.metadata.createUpload(upload, files);
    await this.activity.uploadCreated(upload);
    this.events.emit({
      event: 'upload.created',
      uploadId: id,
      userId: upload.userId,
      declaredFiles: files.length,
      oneShot,
      stream,
      maxDownloads: upload.maxDownloads,
      ttl: upload.ttl,
      encryption,
      protectedByPassword: upload.passwordHash !== null,
      hotlinkProtection: upload.hotlinkProtection,
    });
    return { upload, files, uploadToken, linkSecret };
  }

  /**
   * Sets an existing upload's TTL, download limit and password anew, under the same rules as at its creation,
   * for its admin. `requester.user` is the owner whose limits apply.
   */
  async changeTerms(access: UploadAccess, params: TermsParams, requester: Requester): Promise<Upload> {
    if (!access.isAdmin) throw forbidden('you are not allowed to change this upload');
    const terms = await this.termsOf({ login: access.upload.login ?? undefined, ...params }, requester.user, access.upload.createdAt);
    const upload = { ...access.upload, ...terms };
    await this.metadata.setUploadTerms(upload.id, terms, downloadLimitOf(upload));
    this.events.emit({
      event: 'upload.changed',
      uploadId: upload.id,
      maxDownloads: upload.maxDownloads,
      ttl: upload.ttl,
      protectedByPassword: upload.passwordHash !== null,
    });
    return upload;
  }

  /** TTL, download limit and password as asked, checked against the server's rules and the user's limits. */
  private async termsOf(params: TermsParams, user: User | undefined, start: number): Promise<UploadTerms> {
    const rules = this.rules;
    const password = params.password ?? '';
    if (password !== '' && rules.password === 'disabled') throw badRequest('upload password protection is disabled');
    if (password === '' && rules.password === 'forced') throw badRequest('server only accept uploads protected by password');
    const maxDownloads = params.maxDownloads ?? 0;
    if (!Number.isSafeInteger(maxDownloads) || maxDownloads < 0) throw badRequest('invalid maxDownloads, expected 0 (no limit) or more');
    const ttl = resolveTtl(rules, limitsFor(rules, user).maxTtl, params.ttl);
    return {
      ttl,
      expireAt: expiryFor(ttl, start),
      maxDownloads,
      login: password ? params.login || DEFAULT_LOGIN : null,
      passwordHash: password ? await hashPassword(password) : null,
    };
  }

  /**
   * The upload as this request may see it: 404 when gone or expired, 401 when its password is not given.
   * Holding the upload token makes the request the upload's admin, which needs no password.
   */
  async open(id: string, credentials: UploadCredentials): Promise<UploadAccess> {
    const upload = await this.metadata.findLiveUpload(id, this.now());
    if (!upload) throw notFound(`upload ${id} not found`);
    const holdsToken = credentials.uploadToken !== undefined && sameSecret(hashOfSecret(credentials.uploadToken), upload.uploadTokenHash);
    const isAdmin = holdsToken || isUploadAdmin(upload, credentials.requester);
    if (upload.passwordHash && upload.login && !isAdmin) {
      const given = credentials.basic;
      if (!given) throw unauthorized('please provide valid credentials to access this upload : missing Authorization header');
      const stored = { login: upload.login, passwordHash: upload.passwordHash };
      const throttleKey = `${credentials.requester.remoteIp}|${upload.id}`;
      if (!(await this.passwordThrottle.attempt(throttleKey, () => credentialsMatch(stored, given)))) {
        throw unauthorized('please provide valid credentials to access this upload : invalid credentials');
      }
    }
    const linkSecret = verifiedLinkSecret(upload, credentials.linkKey);
    if (upload.extendTtl && upload.ttl > 0) {
      upload.expireAt = expiryFor(upload.ttl, this.now());
      await this.metadata.setExpireAt(upload.id, upload.expireAt);
    }
    return {
      upload,
      isAdmin,
      uploadToken: holdsToken ? credentials.uploadToken : undefined,
      linkSecret,
      linkPreview: credentials.linkPreview,
    };
  }

  /** The upload's files; those being built over several requests with the bytes they hold so far. */
  async listFiles(upload: Upload): Promise<UploadFile[]> {
    const files = await this.metadata.listFiles(upload.id);
    if (upload.stream || !files.some((f) => f.status === 'uploading')) return files;
    const offsets = await this.metadata.resumableOffsets(upload.id);
    return files.map((f) => (f.status === 'uploading' && offsets.has(f.id) ? { ...f, uploadOffset: offsets.get(f.id) } : f));
  }

  /** A page of live uploads with their files and the prefix of the user token each was made with, for lists. */
  async list(filter: UploadListFilter, page: Page): Promise<Slice<ListedUpload>> {
    const listed = await this.metadata.listUploads(filter, page, this.now());
    const files = await this.metadata.listFilesOf(listed.items.map((u) => u.id));
    const prefixes = await this.metadata.tokenPrefixes(listed.items.flatMap((u) => (u.tokenId === null ? [] : [u.tokenId])));
    return {
      hasMore: listed.hasMore,
      total: listed.total,
      items: listed.items.map((upload) => ({
        upload,
        files: files.filter((f) => f.uploadId === upload.id),
        tokenPrefix: upload.tokenId === null ? undefined : prefixes.get(upload.tokenId),
      })),
    };
  }

  /** Deletes every live upload the filter covers; returns how many. */
  async deleteAll(filter: UploadFilter): Promise<number> {
    const count = await this.metadata.markUploadsDeleted(filter, this.now());
    this.events.emit({ event: 'uploads.deleted', userId: filter.userId, count });
    return count;
  }

  stats(filter: UploadFilter): Promise<UploadStats> {
    return this.metadata.uploadStats(filter, this.now());
  }

  async delete({ upload, isAdmin }: UploadAccess): Promise<void> {
    if (!upload.removable && !isAdmin) throw forbidden('you are not allowed to remove this upload');
    await this.metadata.markUploadDeleted(upload.id, this.now());
    this.events.emit({ event: 'upload.deleted', uploadId: upload.id, userId: upload.userId });
  }
}

/**
 * Plik's rule, besides the upload token that makes its holder admin: a request made with a user's upload token
 * administers the uploads made with that token only; a session administers its user's uploads, and all of them
 * for a server admin.
 */
function isUploadAdmin(upload: Upload, requester: Requester): boolean {
  if (requester.tokenId !== undefined) return upload.tokenId === requester.tokenId;
  if (!requester.user) return false;
  return requester.user.isAdmin || upload.userId === requester.user.id;
}

const NOT_DOWNLOADED_YET = { downloadCount: 0, downloadedBytes: 0, lastDownloadedAt: null } as const;

export function newFile(upload: Upload, fields: Pick<UploadFile, 'name' | 'type' | 'size' | 'reference'>): UploadFile {
  return {
    id: newFileId(),
    uploadId: upload.id,
    status: 'missing',
    md5: null,
    createdAt: Date.now(),
    downloadLimit: downloadLimitOf(upload),
    downloadsReserved: 0,
    downloadsCompleted: 0,
    blobHash: null,
    downloadCount: 0,
    lastDownloadedAt: null,
    ...fields,
    ...(upload.e2ee && { type: E2EE_FILE_TYPE }),
  };
}

/** The completed downloads each file of the upload allows: one for oneShot and stream uploads. */
export const downloadLimitOf = (upload: Upload) => (upload.oneShot || upload.stream ? 1 : upload.maxDownloads);
