// Refuses NUL characters in whatever a request carries, with 400. PostgreSQL cannot store U+0000 in text, so a NUL in
// a login, a comment or a file name used to fail in the database as a 500 with a stack in the log; no text Ferry
// keeps has a use for one. Node's HTTP parser already refuses a raw NUL in the request line and headers; what is left
// is what gets decoded: %00 in the URL (path and query) and in cookies, and the bodies (JSON and forms here,
// multipart parts' names and fields in multipart.ts, as they stream).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../model/errors.js';

export const nulRefusal = (where: string) => badRequest(`invalid ${where} : NUL characters are not allowed`);

/**
 * Whether a parsed value holds a NUL in any string, key or element. Walked with a stack of its own, not by
 * recursion: JSON nested some thousands deep parses fine and must not overflow the call stack here.
 */
export function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (next instanceof URLSearchParams) {
      for (const [key, field] of next) pending.push(key, field);
    } else if (Array.isArray(next)) {
      // One by one: spreading half a million elements into push() would overflow the stack as well.
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object' && !Buffer.isBuffer(next)) {
      for (const [key, field] of Object.entries(next)) pending.push(key, field);
    }
  }
  return false;
}

/** A body some routes take as text and parse themselves: a NUL in it, or one its JSON escapes (\u0000) decode to. */
function textHoldsNul(text: string): boolean {
  if (text.includes('\0')) return true;
  if (!/\\u0000/i.test(text)) return false;
  try {
    return holdsNul(JSON.parse(text));
  } catch {
    // Not JSON after all: the route refuses it as such.
    return false;
  }
}

/** Checks the URL and cookies as a request arrives (before authentication looks a session up), the body once parsed. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Decoding is what makes a NUL of %00 ("%2500" is the text "%00" and stays); a raw NUL never gets this far.
    if (request.url.includes('%00')) throw nulRefusal('URL');
    if (request.headers.cookie?.includes('%00')) throw nulRefusal('cookie');
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const { body } = request;
    if (typeof body === 'string' ? textHoldsNul(body) : holdsNul(body)) throw nulRefusal('request body');
  });
}
