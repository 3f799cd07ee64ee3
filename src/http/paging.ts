// Reads a page request from the query string or, as Plik's own client sends it, from the X-Plik-Paging header.
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../domain/errors.js';
import type { PageRequest } from '../domain/paging.js';

export function pageRequestOf(request: FastifyRequest<{ Querystring: PageRequest }>): PageRequest {
  const header = request.headers['x-plik-paging'];
  if (typeof header !== 'string') return request.query;
  let paging: Record<string, unknown>;
  try {
    paging = JSON.parse(header) as Record<string, unknown>;
  } catch {
    throw badRequest('invalid paging header');
  }
  const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));
  return {
    ...request.query,
    limit: text(paging.limit) ?? request.query.limit,
    order: text(paging.order) ?? request.query.order,
    before: text(paging.before) ?? request.query.before,
    after: text(paging.after) ?? request.query.after,
  };
}
