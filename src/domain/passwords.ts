// Upload passwords: stored as argon2id hashes, checked together with the login. Hashes imported from another
// server (ferry import-from) that are not argon2 are checked in their own format, so that their passwords still work.
import { createHash } from 'node:crypto';
import { argon2Hash, argon2Verify } from '../runtime/password-threads.js';
import { sameSecret } from './secrets.js';

/** Plik's login when a password comes without one. */
export const DEFAULT_LOGIN = 'plik';

export const hashPassword = (password: string) => argon2Hash(password);

/**
 * Gokapi's hashes before its 2.2.5 (file and account passwords alike): SHA-1 of the password followed by a salt of
 * the server's, hex. Kept as `gokapi-sha1$<salt, hex>$<digest>`, the salt with it as argon2's is.
 */
const GOKAPI_SHA1 = 'gokapi-sha1$';

export const gokapiSha1Hash = (salt: string, digest: string) =>
  `${GOKAPI_SHA1}${Buffer.from(salt).toString('hex')}$${digest.toLowerCase()}`;

/** Whether the password is the one the hash was made of, whichever of the formats Ferry keeps it is in. */
function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith(GOKAPI_SHA1)) return argon2Verify(hash, password);
  const [salt = '', digest = ''] = hash.slice(GOKAPI_SHA1.length).split('$');
  const given = createHash('sha1')
    .update(password + Buffer.from(salt, 'hex').toString())
    .digest('hex');
  return Promise.resolve(sameSecret(given, digest));
}

export async function credentialsMatch(
  stored: { login: string; passwordHash: string },
  given: { login: string; password: string },
): Promise<boolean> {
  // Both checks always run, so the time taken does not tell which one failed.
  const loginMatches = sameSecret(given.login, stored.login);
  const passwordMatches = await verifyPassword(stored.passwordHash, given.password);
  return loginMatches && passwordMatches;
}
