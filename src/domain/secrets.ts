// Comparing secrets without telling, by the time taken, how much of a guess was right; making those that links carry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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

/**
 * A random secret for a link sent to someone (a password reset, an invitation) and its hash, which is all the
 * database keeps. `link` is the page's address ending in the fragment's name (`…/login#reset`): the secret goes in
 * the fragment, which no server or proxy log on the way to the page sees.
 */
export function linkSecret(pageUrl: string): { secret: string; hash: string; link: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashOfSecret(secret), link: `${pageUrl}=${secret}` };
}
