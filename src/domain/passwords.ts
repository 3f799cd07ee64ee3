// Upload passwords: stored as argon2id hashes, checked together with the login.
import { argon2Hash, argon2Verify } from '../runtime/password-threads.js';
import { sameSecret } from './secrets.js';

/** Plik's login when a password comes without one. */
export const DEFAULT_LOGIN = 'plik';

export const hashPassword = (password: string) => argon2Hash(password);

export async function credentialsMatch(
  stored: { login: string; passwordHash: string },
  given: { login: string; password: string },
): Promise<boolean> {
  // Both checks always run, so the time taken does not tell which one failed.
  const loginMatches = sameSecret(given.login, stored.login);
  const passwordMatches = await argon2Verify(stored.passwordHash, given.password);
  return loginMatches && passwordMatches;
}
