// The download page's template: the admin's own (templates/download.html in DataDir) or Ferry's, rendered with
// Eta, which escapes every value it prints (`<%= %>`); and the values a page is given (documented in README).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { UploadFile } from '../model/model.js';
import { remainingDownloads } from '../domain/downloads.js';
import type { OpenedPage, PageTarget } from '../domain/links.js';
import { previewKindOf } from '../domain/previews.js';
import type { PreviewKind } from '../model/previews.js';
import { formatSize } from '../domain/sizes.js';
import { pageDate, type PageLanguage } from './page-language.js';
import type { CompiledPage, PageRenderer } from './page-renderer.js';
import { BUILTIN_DOWNLOAD_TEMPLATE } from './page-templates.js';

/** Where an admin puts a download page of their own, relative to DataDir. */
export const CUSTOM_TEMPLATE = path.join('templates', 'download.html');

export interface PageFile {
  id: string;
  name: string;
  /** As people read it, "2.4 MB". */
  size: string;
  sizeBytes: number;
  type: string;
  /** null: no limit. */
  remainingDownloads: number | null;
  downloadUrl: string;
  /** How GET /preview shows it (image, video, audio, pdf, text, markdown, json), and where; null: no preview. */
  preview: PreviewKind | null;
  previewUrl: string | null;
}

/** What a template sees as `it`. Of a locked page (password not yet given) only the first four are set. */
export interface PageView {
  id: string;
  locked: boolean;
  wrongPassword: boolean;
  /** Where the password form posts: this page again, with its key if the link had one. */
  formAction: string;
  /** The link has no key, and the files are encrypted with it: they cannot be downloaded. */
  needsKey: boolean;
  files: PageFile[];
  /** The first (or only) file's, for templates of one file. */
  name: string;
  size: string;
  remainingDownloads: number | null;
  downloadUrl: string;
  /** Several files: all of them in one zip. */
  archiveUrl: string | null;
  /** "2026-03-01 14:00 UTC", with its ISO form and Unix seconds; null when it never expires. */
  expiry: string | null;
  /** The same as the page's language writes it: "1 March 2026 at 14:00 UTC". */
  expiryText: string | null;
  expiryIso: string | null;
  expiresAt: number | null;
}

export class DownloadPage {
  private readonly template: CompiledPage;

  private constructor(
    private readonly renderer: PageRenderer,
    source: string,
    /** An admin's template: its looks (styles, images from elsewhere) are theirs, so no CSP of Ferry's applies. */
    readonly custom: boolean,
  ) {
    this.template = renderer.compile(source);
  }

  /** Ferry's own page, whatever DataDir holds: the password form of a file a browser opened (error-page.ts). */
  static builtin(renderer: PageRenderer): DownloadPage {
    return new DownloadPage(renderer, BUILTIN_DOWNLOAD_TEMPLATE, false);
  }

  /** The admin's template if DataDir has one, else Ferry's; a template that does not compile stops start-up. */
  static load(dataDir: string, renderer: PageRenderer): DownloadPage {
    const file = path.resolve(dataDir, CUSTOM_TEMPLATE);
    if (!existsSync(file)) return DownloadPage.builtin(renderer);
    try {
      return new DownloadPage(renderer, readFileSync(file, 'utf8'), true);
    } catch (err) {
      throw new Error(`download page template ${file}: ${(err as Error).message}`);
    }
  }

  render(view: PageView, language: PageLanguage): string {
    return this.renderer.render(this.template, view, language);
  }
}

export interface PageLinks {
  /** The page's own path and query, where its form posts. */
  formAction: string;
  /** A file's download link. */
  fileUrl(file: UploadFile): string;
  /** A file's preview (GET /preview). */
  previewUrl(file: UploadFile): string;
  archiveUrl: string;
}

/** The /d page of a file's or an upload's id, with the link key if there is one: where the password form posts. */
export function downloadPagePath(basePath: string, id: string, linkKey: string | undefined): string {
  return `${basePath}/d?id=${encodeURIComponent(id)}${linkKey === undefined ? '' : `&key=${encodeURIComponent(linkKey)}`}`;
}

/** A page that shows nothing but its password form. */
export function lockedView(id: string, formAction: string, wrongPassword: boolean): PageView {
  return {
    id,
    locked: true,
    wrongPassword,
    formAction,
    needsKey: false,
    files: [],
    name: '',
    size: '',
    remainingDownloads: null,
    downloadUrl: '',
    archiveUrl: null,
    expiry: null,
    expiryText: null,
    expiryIso: null,
    expiresAt: null,
  };
}

export function pageView(
  target: PageTarget,
  opened: OpenedPage,
  links: PageLinks,
  language: PageLanguage,
  wrongPassword = false,
): PageView {
  const id = target.file?.id ?? target.upload.id;
  if (opened.locked) return lockedView(id, links.formAction, wrongPassword);
  const base = { id, locked: false, wrongPassword, formAction: links.formAction };
  const { upload } = opened.access;
  const needsKey = upload.encryption === 'link' && opened.access.linkSecret === undefined;
  const files = opened.files.map((file) => {
    const preview = needsKey ? null : previewKindOf(upload, file);
    return {
      id: file.id,
      name: file.name,
      size: formatSize(file.size),
      sizeBytes: file.size,
      type: file.type,
      remainingDownloads: remainingDownloads(file),
      downloadUrl: links.fileUrl(file),
      preview,
      previewUrl: preview && links.previewUrl(file),
    };
  });
  const expireAt = upload.expireAt === null ? null : new Date(upload.expireAt);
  return {
    ...base,
    needsKey,
    files,
    name: files[0]?.name ?? '',
    size: files[0]?.size ?? '',
    remainingDownloads: files[0]?.remainingDownloads ?? null,
    downloadUrl: files[0]?.downloadUrl ?? '',
    archiveUrl: files.length > 1 ? links.archiveUrl : null,
    expiry: expireAt && `${expireAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    expiryText: expireAt && pageDate(expireAt, language),
    expiryIso: expireAt ? expireAt.toISOString() : null,
    expiresAt: expireAt && Math.floor(expireAt.getTime() / 1000),
  };
}
