// URL parameters shared by the upload, file and download routes, with the bounds every route enforces.
const id = { type: 'string', minLength: 1, maxLength: 256 } as const;
const name = { type: 'string', minLength: 1, maxLength: 4096 } as const;

export interface UploadParams {
  uploadId: string;
}

export interface FileParams extends UploadParams {
  fileId: string;
  fileName: string;
}

export const uploadParams = {
  type: 'object',
  required: ['uploadId'],
  properties: { uploadId: id },
} as const;

export const fileParams = {
  type: 'object',
  required: ['uploadId', 'fileId', 'fileName'],
  properties: { uploadId: id, fileId: id, fileName: name },
} as const;

/** Plik serves the same routes under /file (stored) and /stream (stream mode); the upload decides. */
export const FILE_MODES = ['file', 'stream'] as const;
