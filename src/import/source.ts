// What an importer (one folder per kind of server: gokapi/, psitransfer/…) hands the writer: Ferry's records as
// that server's data makes them, each with the id it had there, and what it could not bring with the reason why.
// An importer only reads; the writer (writer.ts) decides what is new and commits it.
import type { ImportedUpload } from '../domain/imports.js';
import type { FileRequest } from '../model/file-requests.js';
import type { Token, User } from '../model/model.js';

/** The kinds of record a report counts. */
export const RECORD_KINDS = ['users', 'tokens', 'fileRequests', 'uploads'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** A record the importer could not bring: what it was (its id there) and why. */
export interface SkippedRecord {
  kind: RecordKind;
  sourceId: string;
  reason: string;
}

export interface SourceUser {
  sourceId: string;
  user: User;
  /** Why the user must set a new password (the source's hash is one Ferry cannot check), if they must. */
  passwordReset?: string;
  /** What was kept in another form, or not, for the report (two-factor left behind). */
  notes?: string[];
}

export interface SourceToken {
  sourceId: string;
  token: Token;
}

export interface SourceFileRequest {
  sourceId: string;
  request: FileRequest;
  /** What was kept in another form, for the report (its link's new address). */
  notes?: string[];
}

export interface SourceUpload extends ImportedUpload {
  sourceId: string;
  /** What was kept in another form, for the report (a password that could not be, a flag Ferry lacks). */
  notes?: string[];
}

/** Everything an importer read, in the order it is written: users before what they own. */
export interface ImportPlan {
  users: SourceUser[];
  tokens: SourceToken[];
  fileRequests: SourceFileRequest[];
  /** Metadata only: each file's bytes are opened when it is written. */
  uploads: SourceUpload[];
  skipped: SkippedRecord[];
  /** What the import does not cover at all, said once in the report (e.g. "Redis databases are not read"). */
  notes: string[];
}

/** An importer: given the path the command names and its own options, reads the source; bad data throws ImportError. */
export type Importer = (path: string, options: Record<string, string | undefined>, now: number) => Promise<ImportPlan>;

/** The source cannot be read as what it claims to be: a clear message, and nothing imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export const emptyPlan = (): ImportPlan => ({ users: [], tokens: [], fileRequests: [], uploads: [], skipped: [], notes: [] });
