// The one place where errors become HTTP responses: FerryError kinds map to statuses here and nowhere else.
// Plik's routes answer as Plik does (the message as plain text), or JSON when the client asks for it; a browser
// (it asks for text/html, which curl, Plik's clients and scripts never do) gets a page with the same status.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FerryError, type ErrorKind } from '../model/errors.js';
import { uploadCredentials } from './credentials.js';
import type { ErrorPages } from './error-page.js';
import { pageLanguage } from './page-language.js';

const STATUS_OF: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  unsupported_media_type: 415,
  // tus's own status for a checksum mismatch.
  checksum_mismatch: 460,
  too_large: 413,
  // The request was well formed; its content is what is refused.
  infected: 422,
  range_not_satisfiable: 416,
  too_many_requests: 429,
  timeout: 408,
  unavailable: 503,
  internal: 500,
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Ferry's own routes always answer errors in JSON. */
    jsonErrors?: boolean;
    /**
     * The route serves an upload's files: the id of the /d page that unlocks what it was asked for (a file's, or
     * the upload's for all its files). A browser refused for the lack of the password gets that page's form,
     * without the WWW-Authenticate header that would open the browser's own dialog.
     */
    unlockedByPage?: (request: FastifyRequest) => string;
  }
}

export interface ErrorBody {
  status: number;
  message: string;
}

/** What the client is told: the status and a message that reveals nothing of the server's insides. */
export function describeError(err: unknown): ErrorBody {
  if (err instanceof FerryError) return { status: STATUS_OF[err.kind], message: err.message };
  // A full disk is not a bug: the client is told so (507, WebDAV's Insufficient Storage) and may try later.
  const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return { status: 507, message: 'insufficient storage: the server has no space left for this file' };
  const status = (err as FastifyError | null | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: clientMessage(err as FastifyError) };
  }
  return { status: 500, message: 'internal server error' };
}

/** Fastify's and its plugins' own client errors, in words a user of the API understands. */
function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type';
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return "invalid multipart form : request Content-Type isn't multipart/form-data";
    default:
      return err.validation ? `invalid ${err.message.replace(/^(params|querystring|body|headers)\/?/, '$1 ')}` : err.message;
  }
}

function sendError(pages: ErrorPages, request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, message } = describeError(err);
  discardUnreadBody(request);
  if (status >= 500) request.log.error({ err }, 'request failed');
  reply.code(status);
  const json = request.routeOptions.config?.jsonErrors || wantsJson(request);
  const page = !json && fromBrowser(request);
  const unlockedBy = request.routeOptions.config?.unlockedByPage;
  const passwordForm = page && status === 401 && unlockedBy !== undefined;
  if (err instanceof FerryError && err.kind === 'unauthorized' && !passwordForm) reply.header('WWW-Authenticate', 'Basic realm="ferry"');
  const retryAfter = err instanceof FerryError ? err.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
  if (reply.sent || reply.raw.headersSent) return reply;
  // A body may already be set up for this reply (a download that failed); errors always start clean.
  reply.removeHeader('Content-Disposition').removeHeader('Content-Length').removeHeader('Content-Range');
  if (json) return reply.type('application/json; charset=utf-8').send(JSON.stringify({ message, status }));
  if (page) {
    reply.header('Cache-Control', 'no-store').header('Content-Security-Policy', pages.csp).type('text/html; charset=utf-8');
    const language = pageLanguage(request);
    if (!passwordForm) return reply.send(pages.error(status, message, language, retryAfter));
    return reply.send(pages.password(unlockedBy(request), uploadCredentials(request).linkKey, language));
  }
  return reply.type('text/plain; charset=utf-8').send(`${message}\n`);
}

/**
 * A request refused before its body was read (a file for a full upload, past its size limit) would hold its
 * connection, and the server's shutdown, forever: Node discards unread bodies only when nobody started reading
 * them, and the multipart parser did. The rest is read and dropped, as Node would, and the connection lives on.
 */
function discardUnreadBody(request: FastifyRequest): void {
  const raw = request.raw;
  if (raw.readableEnded) return;
  raw.unpipe();
  raw.removeAllListeners('data');
  raw.resume();
}

const wantsJson = (request: FastifyRequest) => /application\/json/i.test(request.headers.accept ?? '');

/** A person's browser, which asks for a page (text/html) where scripts and clients ask for anything or nothing. */
export const fromBrowser = (request: FastifyRequest) => /text\/html/i.test(request.headers.accept ?? '');

export function installErrorHandling(app: FastifyInstance, pages: ErrorPages): void {
  app.setErrorHandler((err, request, reply) => sendError(pages, request, reply, err));
  app.setNotFoundHandler((request, reply) => sendError(pages, request, reply, new FerryError('not_found', '404 page not found')));
}
