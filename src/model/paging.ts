// Pages of a list, as the stores cut them: an offset and a size, in an order. How a client asks for a page and
// how the answer points at the next one is Plik's wire shape (protocol/plik-paging.ts).

export interface Page {
  offset: number;
  limit: number;
  order: 'asc' | 'desc';
  sort: string;
}

/** Rows of one page, whether more follow it, and how many rows the whole list has. */
export interface Slice<T> {
  items: T[];
  hasMore: boolean;
  total: number;
}

export const MAX_LIMIT = 500;
