// Upload passwords: stored as argon2id hashes, checked together with the login.
import argon2 from 'argon2';
import { sameSecret } from './secrets.js';

/** Plik's login when a password comes without one. */
export const DEFAULT_LOGIN = 'plik';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function credentialsMatch(
  stored: { login: string; passwordHash: string },
  given: { login: string; password: string },
): Promise<boolean> {
  // Both checks always run, so the time taken does not tell which one failed.
  const loginMatches = sameSecret(given.login, stored.login);
  const passwordMatches = await argon2.verify(stored.passwordHash, given.password).catch(() => false);
  return loginMatches && passwordMatches;
}
