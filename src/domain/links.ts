// Links that name a file by its id alone, as Gokapi hands them out: hotlinks that serve the file for embedding,
// the download page, and the API's list and delete. Who may follow them is decided here.
import type { FileRecords } from '../metadata/records/files.js';
import type { UploadRecords } from '../metadata/records/uploads.js';
import { FerryError, notFound } from '../model/errors.js';
import type { FileService } from './files.js';
import { isWellFormedId } from '../model/ids.js';
import type { Upload, UploadFile, User } from '../model/model.js';
import { MAX_LIMIT } from '../model/paging.js';
import { DEFAULT_LOGIN } from './passwords.js';
import type { UploadAccess, UploadCredentials, UploadService } from './uploads.js';

export interface LinkRules {
  /** The server's HotlinkProtection: no hotlinks at all. */
  hotlinkProtection: boolean;
}

export interface FileAccess {
  access: UploadAccess;
  file: UploadFile;
}

/** What a download page's id names: one file, or (an upload's id) every file of an upload. */
export interface PageTarget {
  upload: Upload;
  file?: UploadFile;
}

/** A page's upload opened, and the files the page offers. */
export interface UnlockedPage {
  access: UploadAccess;
  files: UploadFile[];
}

/** A page as first shown: its files, or, for a password-protected upload, nothing until the password comes. */
export type OpenedPage = ({ locked: false } & UnlockedPage) | { locked: true };

export class LinkService {
  constructor(
    private readonly metadata: UploadRecords & FileRecords,
    private readonly uploads: UploadService,
    private readonly files: FileService,
    private readonly rules: LinkRules,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether an upload's files may be hotlinked: not when the server or the upload forbids it, never behind a
   * password (a hotlink has no way to ask for it), never end-to-end encrypted (what it would embed is ciphertext,
   * which only the page that has the key can open), and a link-encrypted file only with its key in the link.
   */
  hotlinkable(upload: Upload, withLinkKey: boolean): boolean {
    if (this.rules.hotlinkProtection || upload.hotlinkProtection || upload.passwordHash !== null || upload.stream) return false;
    if (upload.e2ee) return false;
    return upload.encryption !== 'link' || withLinkKey;
  }

  /**
   * The file a hotlink names, opened as for a download; 404 whenever it may not be hotlinked. The id is a file's,
   * or an upload's that holds one file: Gokapi's hotlink ids are not its files' ids, and `ferry import-from gokapi`
   * gives each hotlinked file an upload of its own under the hotlink's id, so that the old links keep working.
   */
  async openHotlink(id: string, credentials: UploadCredentials, name?: string): Promise<FileAccess> {
    const { upload, file } = await this.findUploaded(id).catch((err) => this.soleFileOf(id, err));
    if (name !== undefined && name !== file.name) throw notFound(`file ${id} not found`);
    if (!this.hotlinkable(upload, credentials.linkKey !== undefined)) throw notFound(`file ${id} not found`);
    return { access: await this.uploads.open(upload.id, credentials), file };
  }

  /** Whether an id is a file's (whatever became of it) rather than an upload's or nothing's. */
  async namesFile(id: string): Promise<boolean> {
    return isWellFormedId(id) && (await this.metadata.findFileById(id)) !== undefined;
  }

  /** The file (by its id) or the upload (by its id) a download page shows. */
  async pageTarget(id: string): Promise<PageTarget> {
    if (!isWellFormedId(id)) throw notFound(`file ${id} not found`);
    const file = await this.metadata.findFileById(id);
    if (file) return this.uploadedIn(file);
    const upload = await this.metadata.findLiveUpload(id, this.now());
    if (!upload) throw notFound(`file ${id} not found`);
    return { upload };
  }

  /** Opens a page's upload as the request may see it; a password-protected one stays locked. */
  async openPage(target: PageTarget, credentials: UploadCredentials): Promise<OpenedPage> {
    try {
      return { locked: false, ...(await this.unlockPage(target, credentials)) };
    } catch (err) {
      if (err instanceof FerryError && err.kind === 'unauthorized') return { locked: true };
      throw err;
    }
  }

  /**
   * Opens a page's upload with the password its form sent, alone (the upload's login is implied); a wrong one
   * is refused (401) under the usual throttle.
   */
  async unlockPage(target: PageTarget, credentials: UploadCredentials, password?: string): Promise<UnlockedPage> {
    const { upload } = target;
    const basic = password === undefined ? credentials.basic : { login: upload.login ?? DEFAULT_LOGIN, password };
    const access = await this.uploads.open(upload.id, { ...credentials, basic });
    const files = target.file ? [target.file] : (await this.uploads.listFiles(upload)).filter((f) => f.status === 'uploaded');
    return { access, files };
  }

  /** The uploaded files of a user's live uploads, newest upload first. */
  async filesOf(user: User): Promise<Array<{ upload: Upload; file: UploadFile }>> {
    const found: Array<{ upload: Upload; file: UploadFile }> = [];
    for (let offset = 0, more = true; more; offset += MAX_LIMIT) {
      const page = await this.uploads.list({ userId: user.id }, { offset, limit: MAX_LIMIT, order: 'desc', sort: 'createdAt' });
      for (const { upload, files } of page.items) {
        for (const file of files) if (file.status === 'uploaded') found.push({ upload, file });
      }
      more = page.hasMore;
    }
    return found;
  }

  /** One of the user's files (a server admin's: anyone's) by its id; 404 for anything else. */
  async fileOf(user: User, fileId: string): Promise<{ upload: Upload; file: UploadFile }> {
    const found = await this.findUploaded(fileId);
    if (found.upload.userId !== user.id && !user.isAdmin) throw notFound(`file ${fileId} not found`);
    return found;
  }

  /** Deletes a file under the upload's rules; the last file of an upload takes the upload with it. */
  async deleteFile(fileId: string, credentials: UploadCredentials): Promise<void> {
    const file = isWellFormedId(fileId) ? await this.metadata.findFileById(fileId) : undefined;
    if (!file || !['missing', 'uploading', 'uploaded', 'quarantined'].includes(file.status)) throw notFound(`file ${fileId} not found`);
    const access = await this.uploads.open(file.uploadId, credentials);
    const others = (await this.uploads.listFiles(access.upload)).filter(
      (f) => f.id !== file.id && f.status !== 'removed' && f.status !== 'deleted',
    );
    if (others.length === 0) await this.uploads.delete(access);
    else await this.files.remove(access, file);
  }

  /** A file that is uploaded, in an upload that is live, or 404. */
  private async findUploaded(fileId: string): Promise<{ upload: Upload; file: UploadFile }> {
    const file = isWellFormedId(fileId) ? await this.metadata.findFileById(fileId) : undefined;
    if (!file) throw notFound(`file ${fileId} not found`);
    return this.uploadedIn(file);
  }

  /** The one uploaded file of the live upload `id`; `notFile` (why `id` named no file) when there is not exactly one. */
  private async soleFileOf(id: string, notFile: unknown): Promise<{ upload: Upload; file: UploadFile }> {
    const upload = isWellFormedId(id) ? await this.metadata.findLiveUpload(id, this.now()) : undefined;
    const files = upload ? (await this.uploads.listFiles(upload)).filter((f) => f.status === 'uploaded') : [];
    if (!upload || files.length !== 1) throw notFile;
    return { upload, file: files[0]! };
  }

  private async uploadedIn(file: UploadFile): Promise<{ upload: Upload; file: UploadFile }> {
    const upload = file.status === 'uploaded' ? await this.metadata.findLiveUpload(file.uploadId, this.now()) : undefined;
    if (!upload) throw notFound(`file ${file.id} not found`);
    return { upload, file };
  }
}
