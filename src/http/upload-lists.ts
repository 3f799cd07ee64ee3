// Plik 1.4's upload lists (GET /uploads, GET /me/uploads) answered the same way: the page, sort and option filters
// read from the request, the uploads of the filter the route settled (whose, which token), Plik's paged answer.
import type { FastifyRequest } from 'fastify';
import type { UploadService } from '../domain/uploads.js';
import { forbidden } from '../model/errors.js';
import { UPLOAD_SORTS } from '../model/listing.js';
import type { User } from '../model/model.js';
import { parseUploadFeatures } from '../protocol/plik-list-query.js';
import { pagedResponse, parsePage, type PageRequest } from '../protocol/plik-paging.js';
import { toPlikUpload } from '../protocol/plik.js';
import { pageRequestOf } from './paging.js';

export type UploadListRequest = FastifyRequest<{ Querystring: PageRequest & Record<string, string | undefined> }>;
/** Whose uploads a list covers (a user's, one token's), as the route settled it. */
type Whose = Omit<Parameters<UploadService['list']>[0], 'features'>;

/** A query parameter, '' read as absent (as Plik's web app sends an unset filter). */
export const queryValue = (request: UploadListRequest, name: string) => request.query[name] || undefined;

/** The page of uploads `whose` covers, narrowed by the request's option filters, as the uploads' admin sees them. */
export async function uploadListPage(request: UploadListRequest, uploads: UploadService, downloadDomain: string, whose: Whose) {
  const page = parsePage(pageRequestOf(request), UPLOAD_SORTS);
  const listed = await uploads.list({ ...whose, features: parseUploadFeatures(request.query) }, page);
  const view = { isAdmin: true, owner: true, downloadDomain };
  return pagedResponse(page, listed, ({ upload, files, tokenPrefix }) => toPlikUpload(upload, files, { ...view, tokenPrefix }));
}

/**
 * Whose uploads GET /me/uploads lists: the requester's own, or with ?user= another user's, for a server admin
 * signed in with a session only. A user token never reaches past its own user, whoever it belongs to, as Plik
 * 1.4 never gives a token admin rights.
 */
export function listedUserOf(request: UploadListRequest, requester: User): string {
  const named = queryValue(request, 'user');
  if (named === undefined || named === requester.id) return requester.id;
  if (!requester.isAdmin || request.requester.sessionId === undefined || request.requester.tokenId !== undefined)
    throw forbidden('you need administrator privileges');
  return named;
}
