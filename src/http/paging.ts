// Reads a page request from the query string or, as Plik's own client sends it, from the X-Plik-Paging header.
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../model/errors.js';
import type { PageRequest } from '../protocol/plik-paging.js';

export function pageRequestOf(request: FastifyRequest<{ Querystring: PageRequest }>): PageRequest {
  const header = request.headers['x-plik-paging'];
  if (typeof header !== 'string') return request.query;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw badRequest('invalid paging header');
  }
  // Valid JSON is not yet a page request: null, a number or a list would fail below as a server error.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('invalid paging header');
  const paging = parsed as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));
  return {
    ...request.query,
    limit: text(paging.limit) ?? request.query.limit,
    order: text(paging.order) ?? request.query.order,
    before: text(paging.before) ?? request.query.before,
    after: text(paging.after) ?? request.query.after,
  };
}
