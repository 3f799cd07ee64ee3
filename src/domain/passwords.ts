// Upload passwords: stored as argon2id hashes, checked together with the login.
import { createHash } from 'node:crypto';
import { argon2Hash, passwordVerify } from '../runtime/password-threads.js';
import { sameSecret } from './secrets.js';

/** Plik's login when a password comes without one. */
export const DEFAULT_LOGIN = 'plik';

export const hashPassword = (password: string) => argon2Hash(password);

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

export async function credentialsMatch(
  stored: { login: string; passwordHash: string },
  given: { login: string; password: string },
): Promise<boolean> {
  // Both checks always run, so the time taken does not tell which one failed.
  const loginMatches = sameSecret(given.login, stored.login);
  const passwordMatches = stored.passwordHash.startsWith(PLIK_MD5)
    ? await passwordVerify(stored.passwordHash.slice(PLIK_MD5.length), plikMd5(given.login, given.password))
    : await passwordVerify(stored.passwordHash, given.password);
  return loginMatches && passwordMatches;
}

/** Whether a stored hash is of another server's making (bcrypt, Plik's MD5), to be replaced by one of Ferry's. */
export const isForeignHash = (hash: string) => !hash.startsWith('$argon2id$');
