// Previews: a look at a file before it is downloaded. A preview is never a download: nothing is counted, and the
// files whose downloads are counted, or whose bytes the server cannot read, have none.
import type { Readable } from 'node:stream';
import type { ByteRange } from '../data/store.js';
import { FerryError, forbidden } from '../model/errors.js';
import type { Upload, UploadFile } from '../model/model.js';
import { PREVIEW_TEXT_BYTES, type PreviewKind } from '../model/previews.js';
import type { DownloadService } from './downloads.js';
import type { UploadAccess } from './uploads.js';

/** Media types a browser shows by itself, each with the kind of preview it gets; the first part of a type alone. */
const MEDIA_KINDS: Array<[RegExp, PreviewKind]> = [
  // SVG is a document that can hold scripts: an image only in an <img>, and under a sandbox anywhere else.
  [/^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml|x-icon|vnd\.microsoft\.icon)$/, 'image'],
  [/^video\/(mp4|webm|ogg)$/, 'video'],
  [/^audio\/(mpeg|mp4|aac|ogg|opus|wav|x-wav|wave|webm|flac|x-flac)$/, 'audio'],
  [/^application\/pdf$/, 'pdf'],
  [/^text\/(markdown|x-markdown)$/, 'markdown'],
  [/^application\/([\w.-]+\+)?json$/, 'json'],
  [/^text\/[\w.+-]+$/, 'text'],
  // Source code and configuration that the type registry files under application/.
  [
    /^application\/(javascript|x-javascript|ecmascript|typescript|xml|[\w.-]+\+xml|x-sh|x-shellscript|x-httpd-php|x-python|sql|toml|yaml|x-yaml|x-tex|x-perl|x-ruby|graphql)$/,
    'text',
  ],
];

/** mime-types calls .ts (TypeScript) an MPEG transport stream: by its name, such a file is code. */
const SOURCE_NAMES = /\.(c|m)?tsx?$/i;

/** Why a file of this upload has no preview, whatever its type; undefined when it may have one. */
function refusalOf(upload: Upload, file: UploadFile): string | undefined {
  if (upload.e2ee) return 'end-to-end encrypted files have no preview: the server cannot read them';
  if (upload.oneShot || upload.stream || file.downloadLimit > 0)
    return 'one-shot, stream and download-limited files have no preview: it would use up a download';
  return undefined;
}

/** The preview a file gets in the page, or null: none for its type, or none under its upload's terms. */
export function previewKindOf(upload: Upload, file: UploadFile): PreviewKind | null {
  if (refusalOf(upload, file) !== undefined) return null;
  return kindOfType(file.type, file.name);
}

function kindOfType(type: string, name: string): PreviewKind | null {
  const essence = type.split(';')[0]!.trim().toLowerCase();
  if (essence === 'video/mp2t' && SOURCE_NAMES.test(name)) return 'text';
  return MEDIA_KINDS.find(([pattern]) => pattern.test(essence))?.[1] ?? null;
}

export interface Preview {
  kind: PreviewKind;
  /** The type the bytes are served as: a text of any kind is plain text, anything else its own type's essence. */
  type: string;
  body: Readable;
  /** The part being sent, when a Range of a media file was asked for. */
  range?: ByteRange;
  /** Bytes of the body. */
  length: number;
  /** A text longer than PREVIEW_TEXT_BYTES: only its start is sent. */
  truncated: boolean;
}

/** Whether the kind's bytes are read as text by the page, rather than shown by the browser itself. */
export const isTextual = (kind: PreviewKind) => kind === 'text' || kind === 'markdown' || kind === 'json';

export class PreviewService {
  constructor(private readonly downloads: DownloadService) {}

  /**
   * The kind of a file's preview and the type it is sent as: 403 for a file whose downloads are counted or whose
   * bytes are sealed, 404 for one not uploaded, 415 for a type that has none.
   */
  check(access: UploadAccess, file: UploadFile): { kind: PreviewKind; type: string } {
    // First: whatever becomes of a one-shot or stream file, it has no preview.
    const refusal = refusalOf(access.upload, file);
    if (refusal !== undefined) throw forbidden(refusal);
    this.downloads.checkAvailable(access, file);
    const kind = kindOfType(file.type, file.name);
    if (!kind) throw new FerryError('unsupported_media_type', `files of type ${file.type || 'unknown'} have no preview`);
    return { kind, type: isTextual(kind) ? 'text/plain; charset=utf-8' : file.type.split(';')[0]!.trim().toLowerCase() };
  }

  /** The preview's bytes, counting nothing: a media file's Range if asked for, a text's first PREVIEW_TEXT_BYTES at most. */
  async open(access: UploadAccess, file: UploadFile, range?: ByteRange): Promise<Preview> {
    const { kind, type } = this.check(access, file);
    if (isTextual(kind)) {
      const length = Math.min(file.size, PREVIEW_TEXT_BYTES);
      const start = length === 0 ? undefined : { start: 0, end: length - 1 };
      const body = await this.downloads.readUncounted(access, file, start);
      return { kind, type, body, length, truncated: file.size > length };
    }
    const body = await this.downloads.readUncounted(access, file, range);
    return { kind, type, body, range, length: range ? range.end - range.start + 1 : file.size, truncated: false };
  }
}
