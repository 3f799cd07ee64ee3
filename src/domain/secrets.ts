// Comparing secrets without telling, by the time taken, how much of a guess was right.
import { createHash, timingSafeEqual } from 'node:crypto';

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * SHA-256, hex, of a random secret (a session id, a user or upload token): what the database keeps in its place,
 * so that a dump of it holds no credential. A fast hash is enough for secrets that are random, not chosen.
 */
export const hashOfSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
