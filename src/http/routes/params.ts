// URL parameters shared by the upload, file and download routes, with the bounds every route enforces.
import { Type, type Static } from 'typebox';

const id = Type.String({ minLength: 1, maxLength: 256 });
const name = Type.String({ minLength: 1, maxLength: 4096 });

export const uploadParams = Type.Object({ uploadId: id });
export type UploadParams = Static<typeof uploadParams>;

export const fileParams = Type.Object({ uploadId: id, fileId: id, fileName: name });
export type FileParams = Static<typeof fileParams>;

/** The secret of a link-encrypted upload, which its download links carry. */
export const linkKey = Type.Optional(Type.String({ maxLength: 256, description: 'Link encryption: the secret the download links carry' }));

/** The query of a file or archive download. */
export const downloadQuery = Type.Object({
  dl: Type.Optional(Type.String({ maxLength: 16, description: 'Any value: sent as an attachment, to be saved' })),
  key: linkKey,
});
export type DownloadQuery = Static<typeof downloadQuery>;

/** Plik serves the same routes under /file (stored) and /stream (stream mode); the upload decides. */
export const FILE_MODES = ['file', 'stream'] as const;
