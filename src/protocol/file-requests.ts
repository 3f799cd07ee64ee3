// File requests as their owner and their link's visitors read them (ferry-requests.ts holds the shapes).
import type { PublicFileRequest, ReceivedSubmission } from '../domain/file-requests.js';
import type { FileRequest } from '../model/file-requests.js';
import type { FileRequestWire, PublicFileRequestWire } from './ferry-requests.js';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const limitsOf = (r: FileRequest) => ({
  maxFiles: r.maxFiles,
  maxFileSize: r.maxFileSize,
  maxTotalSize: r.maxTotalSize,
  allowedTypes: r.allowedTypes,
  nameField: r.nameField,
  emailField: r.emailField,
  passwordProtected: r.passwordHash !== null,
  reusable: r.reusable,
});

export const toPublicFileRequest = ({ request, ageRecipient }: PublicFileRequest): PublicFileRequestWire => ({
  id: request.id,
  title: request.title,
  message: request.message,
  expireAt: isoOrNull(request.expireAt),
  ...limitsOf(request),
  ageRecipient,
});

/** `base`: Ferry's public URL, for the link, its QR code and the received files' downloads. */
export function toFileRequestWire(request: FileRequest, { base }: { base: string }, received?: ReceivedSubmission[]): FileRequestWire {
  const url = `${base}/r/${request.id}`;
  return {
    id: request.id,
    title: request.title,
    message: request.message,
    createdAt: new Date(request.createdAt).toISOString(),
    expireAt: isoOrNull(request.expireAt),
    closedAt: isoOrNull(request.closedAt),
    open: request.closedAt === null && (request.expireAt === null || request.expireAt > Date.now()),
    ...limitsOf(request),
    url,
    qrcode: `${base}/qrcode?url=${encodeURIComponent(url)}`,
    submissions: request.submissions,
    filesTaken: request.filesTaken,
    received: received?.map(({ submission, files }) => ({
      uploadId: submission.uploadId,
      senderName: submission.senderName,
      senderEmail: submission.senderEmail,
      createdAt: new Date(submission.createdAt).toISOString(),
      files: files.map((f) => ({
        id: f.id,
        name: f.name,
        size: f.size,
        type: f.type,
        url: `${base}/file/${submission.uploadId}/${f.id}/${encodeURIComponent(f.name)}`,
      })),
    })),
  };
}
