// Upload passwords: stored as argon2id hashes, checked together with the login. Hashes imported from another
// server (ferry import-from) that are not argon2 are checked in their own format, so that their passwords still work.
import { createHash } from 'node:crypto';
import { argon2Hash, passwordVerify } from '../runtime/password-threads.js';
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

/**
 * Marks the password of an upload imported from Plik. Plik keeps MD5(base64("login:password")), the hash of the
 * Basic header's credentials; Ferry cannot turn that into a hash of the password, so it keeps an argon2id hash of
 * that MD5 behind this prefix: the old password keeps working, and a dump no longer gives away a bare MD5.
 */
const PLIK_MD5 = '$ferry-plik-md5$';

/** The stored form of an upload password Plik kept as `md5` (hex), for imports. */
export const fromPlikPasswordMd5 = async (md5: string) => `${PLIK_MD5}${await argon2Hash(md5.toLowerCase())}`;

/** What Plik would have stored for these credentials: the MD5, hex, of the Basic header's base64 part. */
const plikMd5 = (login: string, password: string) =>
  createHash('md5')
    .update(Buffer.from(`${login}:${password}`).toString('base64'))
    .digest('hex');

/**
 * Whether the credentials are those the hash was made of, whichever of the formats Ferry keeps it is in: argon2,
 * bcrypt (Plik's accounts), Plik's upload MD5 under argon2, Gokapi's SHA-1.
 */
function verifyPassword(hash: string, given: { login: string; password: string }): Promise<boolean> {
  if (hash.startsWith(PLIK_MD5)) return passwordVerify(hash.slice(PLIK_MD5.length), plikMd5(given.login, given.password));
  if (!hash.startsWith(GOKAPI_SHA1)) return passwordVerify(hash, given.password);
  const [salt = '', digest = ''] = hash.slice(GOKAPI_SHA1.length).split('$');
  const computed = createHash('sha1')
    .update(given.password + Buffer.from(salt, 'hex').toString())
    .digest('hex');
  return Promise.resolve(sameSecret(computed, digest));
}

export async function credentialsMatch(
  stored: { login: string; passwordHash: string },
  given: { login: string; password: string },
): Promise<boolean> {
  // Both checks always run, so the time taken does not tell which one failed.
  const loginMatches = sameSecret(given.login, stored.login);
  const passwordMatches = await verifyPassword(stored.passwordHash, given);
  return loginMatches && passwordMatches;
}

/** Whether a stored hash is of another server's making (bcrypt, Gokapi's SHA-1), to be replaced by one of Ferry's. */
export const isForeignHash = (hash: string) => !hash.startsWith('$argon2id$');
