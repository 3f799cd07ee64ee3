// Uploads: creating them under the server's rules, finding them, deciding who may do what, deleting them.
import type { MetadataStore } from '../metadata/store.js';
import { badRequest, forbidden, notFound, unauthorized } from './errors.js';
import { checkFileName } from './file-names.js';
import { newFileId, newUploadId, newUploadToken } from './ids.js';
import type { Upload, UploadFile } from './model.js';
import { credentialsMatch, DEFAULT_LOGIN, hashPassword } from './passwords.js';
import { sameSecret } from './secrets.js';
import { applyFeature, checkDeclaredSize, expiryFor, resolveTtl, type UploadRules } from './rules.js';

export interface DeclaredFile {
  fileName?: string;
  fileType?: string;
  fileSize?: number;
  reference?: string;
}

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
}

/** What a request proves about itself when it touches an upload. */
export interface UploadCredentials {
  uploadToken?: string;
  basic?: { login: string; password: string };
}

/** An upload as one request sees it: `isAdmin` holds the upload token and may change the upload. */
export interface UploadAccess {
  upload: Upload;
  isAdmin: boolean;
}

export class UploadService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly rules: UploadRules,
    private readonly now: () => number = Date.now,
  ) {}

  async create(params: CreateUploadParams, remoteIp: string | null): Promise<{ upload: Upload; files: UploadFile[] }> {
    const rules = this.rules;
    const oneShot = applyFeature(rules.oneShot, params.oneShot ?? false, 'one shot uploads are disabled');
    const removable = applyFeature(rules.removable, params.removable ?? false, 'removable uploads are disabled');
    const stream = applyFeature(rules.stream, params.stream ?? false, 'streaming uploads are disabled');
    const extendTtl = applyFeature(rules.extendTtl, params.extendTtl ?? false, 'extend TTL is disabled');
    const password = params.password ?? '';
    if (password !== '' && rules.password === 'disabled') throw badRequest('upload password protection is disabled');
    if (password === '' && rules.password === 'forced') throw badRequest('server only accept uploads protected by password');
    const declared = params.files ?? [];
    if (declared.length > rules.maxFilePerUpload) throw badRequest(`too many files. maximum is ${rules.maxFilePerUpload}`);

    const now = this.now();
    const ttl = resolveTtl(rules, params.ttl);
    const upload: Upload = {
      id: newUploadId(),
      createdAt: now,
      expireAt: expiryFor(ttl, now),
      ttl,
      extendTtl,
      oneShot,
      stream,
      removable,
      login: password ? params.login || DEFAULT_LOGIN : null,
      passwordHash: password ? await hashPassword(password) : null,
      comments: rules.comments === 'disabled' ? '' : (params.comments ?? ''),
      uploadToken: newUploadToken(),
      userId: null,
      tokenId: null,
      remoteIp,
    };
    const files = declared.map((d) => {
      checkDeclaredSize(this.rules, d.fileSize ?? 0);
      return newFile(upload, {
        name: checkFileName(d.fileName),
        type: d.fileType ?? '',
        size: d.fileSize ?? 0,
        reference: d.reference ?? null,
      });
    });
    await this.metadata.createUpload(upload, files);
    return { upload, files };
  }

  /**
   * The upload as this request may see it: 404 when gone or expired, 401 when its password is not given.
   * Holding the upload token makes the request the upload's admin, which needs no password.
   */
  async open(id: string, credentials: UploadCredentials): Promise<UploadAccess> {
    const upload = await this.metadata.findLiveUpload(id, this.now());
    if (!upload) throw notFound(`upload ${id} not found`);
    const isAdmin = credentials.uploadToken !== undefined && sameSecret(credentials.uploadToken, upload.uploadToken);
    if (upload.passwordHash && upload.login && !isAdmin) {
      const given = credentials.basic;
      if (!given) throw unauthorized('please provide valid credentials to access this upload : missing Authorization header');
      const stored = { login: upload.login, passwordHash: upload.passwordHash };
      if (!(await credentialsMatch(stored, given))) {
        throw unauthorized('please provide valid credentials to access this upload : invalid credentials');
      }
    }
    if (upload.extendTtl && upload.ttl > 0) {
      upload.expireAt = expiryFor(upload.ttl, this.now());
      await this.metadata.setExpireAt(upload.id, upload.expireAt);
    }
    return { upload, isAdmin };
  }

  listFiles(upload: Upload): Promise<UploadFile[]> {
    return this.metadata.listFiles(upload.id);
  }

  async delete({ upload, isAdmin }: UploadAccess): Promise<void> {
    if (!upload.removable && !isAdmin) throw forbidden('you are not allowed to remove this upload');
    await this.metadata.markUploadDeleted(upload.id, this.now());
  }
}

export function newFile(
  upload: Upload,
  fields: Pick<UploadFile, 'name' | 'type' | 'size' | 'reference'>,
): UploadFile {
  return {
    id: newFileId(),
    uploadId: upload.id,
    status: 'missing',
    md5: null,
    createdAt: Date.now(),
    downloadLimit: upload.oneShot || upload.stream ? 1 : 0,
    downloadsReserved: 0,
    downloadsCompleted: 0,
    ...fields,
  };
}
