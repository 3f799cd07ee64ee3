// Plik's paging on the wire as a pure translation: offset/limit and before/after cursors land on the same rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LIMIT } from '../../src/model/paging.js';
import { DEFAULT_LIMIT, pagedResponse, parsePage } from '../../src/protocol/plik-paging.js';

const SORTS = ['date', 'createdAt'];

describe('a page asked for on the wire', () => {
  it('defaults to the newest 50, and caps the limit', () => {
    expect(parsePage({}, SORTS)).toEqual({ offset: 0, limit: DEFAULT_LIMIT, order: 'desc', sort: 'date' });
    expect(parsePage({ limit: String(MAX_LIMIT * 10) }, SORTS).limit).toBe(MAX_LIMIT);
  });

  it('refuses what it cannot read, in a message saying which', () => {
    const refusals: [Record<string, string>, string][] = [
      [{ limit: '0' }, 'invalid limit'],
      [{ limit: 'ten' }, 'invalid limit'],
      [{ order: 'up' }, 'invalid order'],
      [{ sort: 'size' }, 'invalid sort, expected one of date, createdAt'],
      [{ offset: '-1' }, 'invalid offset'],
      [{ before: 'x', after: 'y' }, 'both before and after cursors set'],
      [{ after: 'not a cursor' }, 'invalid'],
    ];
    for (const [request, message] of refusals) expect(() => parsePage(request, SORTS), JSON.stringify(request)).toThrow(message);
  });

  it("follows an answer's after cursor to the next page and its before cursor back, for any page and size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: MAX_LIMIT }), (offset, limit) => {
        const page = parsePage({ offset: String(offset), limit: String(limit) }, SORTS);
        const items = Array.from({ length: limit }, (_, i) => i);
        const answer = pagedResponse(page, { items, hasMore: true, total: offset + limit + 1 }, (item) => item);
        expect(parsePage({ after: answer.after!, limit: String(limit) }, SORTS).offset).toBe(offset + limit);
        if (offset === 0) expect(answer.before).toBeNull();
        else expect(parsePage({ before: answer.before!, limit: String(limit) }, SORTS).offset).toBe(Math.max(0, offset - limit));
      }),
    );
  });

  it('has no after cursor on the last page', () => {
    const page = parsePage({}, SORTS);
    expect(pagedResponse(page, { items: [1, 2], hasMore: false, total: 2 }, (item) => item)).toMatchObject({
      results: [1, 2],
      after: null,
      before: null,
      total: 2,
    });
  });
});
