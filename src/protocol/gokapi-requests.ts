// Gokapi 2.2's file requests on the wire: the FileRequest shape its /api/uploadrequest routes answer, and a new
// request read from the headers /api/uploadrequest/save takes (sizes in megabytes, expiry in Unix seconds).
import { Type, type Static } from 'typebox';
import type { NewFileRequest, ReceivedSubmission } from '../domain/file-requests.js';
import { badRequest } from '../model/errors.js';
import type { FileRequest } from '../model/file-requests.js';

const MB = 1024 * 1024;

export const GokapiFileRequestSchema = Type.Object(
  {
    id: Type.String(),
    userid: Type.Integer({ description: 'Always 0: Ferry names its users, Gokapi numbers them' }),
    maxfiles: Type.Integer({ description: '0: no limit' }),
    maxsize: Type.Integer({ description: 'Megabytes per file; 0: no limit' }),
    CombinedMaxSize: Type.Integer({ description: 'Megabytes per file; 0: no limit of the request' }),
    expiry: Type.Integer({ description: 'Unix seconds; 0: no expiry' }),
    creationdate: Type.Integer({ description: 'Unix seconds' }),
    name: Type.String(),
    notes: Type.String(),
    apikey: Type.String({ description: "Always '': senders use the request's link, which needs no key" }),
    uploadedfiles: Type.Integer(),
    reserveduploads: Type.Integer({ description: 'Files arriving now' }),
    lastupload: Type.Integer({ description: 'Unix seconds; 0: none yet' }),
    totalfilesize: Type.Integer({ description: 'Bytes' }),
    fileidlist: Type.Array(Type.String()),
  },
  { title: 'GokapiFileRequest' },
);
export type GokapiFileRequest = Static<typeof GokapiFileRequestSchema>;

const seconds = (ms: number) => Math.floor(ms / 1000);

export function toGokapiFileRequest(request: FileRequest, received: ReceivedSubmission[]): GokapiFileRequest {
  const files = received.flatMap((s) => s.files);
  const maxsize = Math.ceil(request.maxFileSize / MB);
  return {
    id: request.id,
    userid: 0,
    maxfiles: request.maxFiles,
    maxsize,
    CombinedMaxSize: maxsize,
    expiry: request.expireAt === null ? 0 : seconds(request.expireAt),
    creationdate: seconds(request.createdAt),
    name: request.title,
    notes: request.message,
    apikey: '',
    uploadedfiles: files.length,
    reserveduploads: Math.max(0, request.filesTaken - files.length),
    lastupload: files.length === 0 ? 0 : seconds(Math.max(...files.map((f) => f.createdAt))),
    totalfilesize: files.reduce((sum, f) => sum + f.size, 0),
    fileidlist: files.map((f) => f.id),
  };
}

/** The headers of /api/uploadrequest/save that make a new request. */
export interface GokapiRequestHeaders {
  name?: string;
  notes?: string;
  expiry?: string;
  maxfiles?: string;
  maxsize?: string;
}

/** A new request from Gokapi's headers: texts maybe "base64:…", sizes in megabytes, expiry as Unix seconds. */
export function newRequestFromGokapi(headers: GokapiRequestHeaders, now: number): NewFileRequest {
  const expiry = count(headers.expiry, 'expiry');
  if (expiry !== undefined && expiry !== 0 && expiry * 1000 <= now) throw badRequest('invalid expiry: a Unix time in the future, or 0');
  const maxsize = count(headers.maxsize, 'maxsize');
  return {
    title: decoded(headers.name) || 'File request',
    message: decoded(headers.notes),
    ttl: expiry ? Math.ceil((expiry * 1000 - now) / 1000) : 0,
    maxFiles: count(headers.maxfiles, 'maxfiles'),
    maxFileSize: maxsize === undefined ? undefined : maxsize * MB,
  };
}

/** Gokapi's header texts: as they are, or base64 after "base64:" for what a header cannot carry. */
function decoded(text: string | undefined): string {
  if (text === undefined) return '';
  return text.startsWith('base64:') ? Buffer.from(text.slice('base64:'.length), 'base64').toString('utf8') : text;
}

function count(text: string | undefined, header: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,15}$/.test(text.trim())) throw badRequest(`invalid ${header} header: a whole number, 0 or more`);
  return Number(text.trim());
}
