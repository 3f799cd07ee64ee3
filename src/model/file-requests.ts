// File requests (reverse shares): a user's link through which others send them files, under the request's limits.

/** Whether a request's page asks its senders for their name or email, and whether they must give it. */
export const SENDER_FIELD_MODES = ['hidden', 'optional', 'required'] as const;
export type SenderFieldMode = (typeof SENDER_FIELD_MODES)[number];

export interface FileRequest {
  /** Also its public link's secret part (/r/<id>): random, unguessable. */
  id: string;
  /** The requester, who owns every upload the request receives. */
  userId: string;
  title: string;
  message: string;
  createdAt: number;
  /** null: never expires. */
  expireAt: number | null;
  /** Set when its owner (or an admin) closed it: it receives nothing more. */
  closedAt: number | null;
  /** Each 0: no limit. */
  maxFiles: number;
  maxFileSize: number;
  maxTotalSize: number;
  /** File extensions (".pdf") and MIME types ("image/png", "image/*") accepted; empty: any. */
  allowedTypes: string[];
  /** Of the password senders must give, hashed as upload passwords are; null: none. */
  passwordHash: string | null;
  nameField: SenderFieldMode;
  emailField: SenderFieldMode;
  /** false: one submission only (one-time), after which the request takes no new sender. */
  reusable: boolean;
  /** What the limits are reserved in: files and bytes taken by arriving or arrived files, and submissions opened. */
  filesTaken: number;
  bytesTaken: number;
  submissions: number;
}

/** One sender's submission: the upload that received their files, and the name and email they gave ('' if none). */
export interface RequestSubmission {
  uploadId: string;
  requestId: string;
  senderName: string;
  senderEmail: string;
  createdAt: number;
}
