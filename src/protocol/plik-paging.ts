// Plik's paging on the wire. Plik's documented API pages by offset/limit/order/sort; its server pages by
// before/after cursors. Ferry takes both: a cursor is an opaque token for an offset, so either way lands on the
// same rows.
import { badRequest } from '../model/errors.js';
import { MAX_LIMIT, type Page, type Slice } from '../model/paging.js';

export interface PageRequest {
  offset?: string;
  limit?: string;
  order?: string;
  sort?: string;
  before?: string;
  after?: string;
}

export const DEFAULT_LIMIT = 50;

export function parsePage(request: PageRequest, sortable: readonly string[]): Page {
  const limit = request.limit === undefined ? DEFAULT_LIMIT : Number(request.limit);
  if (!Number.isInteger(limit) || limit <= 0) throw badRequest('invalid limit');
  const order = request.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw badRequest('invalid order');
  // Plik 1.4 names the default `date`; Ferry's older name for it, createdAt, stays in the lists that take it.
  const sort = request.sort || 'date';
  if (!sortable.includes(sort)) throw badRequest(`invalid sort, expected one of ${sortable.join(', ')}`);
  if (request.before !== undefined && request.after !== undefined) throw badRequest('both before and after cursors set');
  const capped = Math.min(limit, MAX_LIMIT);
  let offset = request.offset === undefined ? 0 : Number(request.offset);
  if (request.after !== undefined) offset = decodeCursor(request.after);
  if (request.before !== undefined) offset = Math.max(0, decodeCursor(request.before) - capped);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('invalid offset');
  return { offset, limit: capped, order, sort };
}

/** Plik's paged answer: the rows, the cursors that reach the pages around them, and how many rows the list has. */
export interface PagedResponse<T> {
  results: T[];
  after: string | null;
  before: string | null;
  offset: number;
  limit: number;
  total: number;
}

export function pagedResponse<T, R>(page: Page, slice: Slice<T>, toWire: (item: T) => R): PagedResponse<R> {
  return {
    results: slice.items.map(toWire),
    after: slice.hasMore ? encodeCursor(page.offset + slice.items.length) : null,
    before: page.offset > 0 ? encodeCursor(page.offset) : null,
    offset: page.offset,
    limit: page.limit,
    total: slice.total,
  };
}

const encodeCursor = (offset: number) => Buffer.from(JSON.stringify([offset])).toString('base64');

function decodeCursor(cursor: string): number {
  try {
    const [offset] = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as unknown[];
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid cursor');
}
