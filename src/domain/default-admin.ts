// Plik's bootstrap admin (DefaultAdminLogin, DefaultAdminPassword): a local admin user made at start when no user
// has the login yet, for a fresh Docker or Kubernetes deployment; an existing one is left as it is. Without a
// password configured, one is generated: the caller logs it once, as Plik does, and nothing keeps it in clear.
import { randomBytes } from 'node:crypto';
import { FerryError } from '../model/errors.js';
import { userId, type UserService } from './users.js';

export type DefaultAdmin = { created: false } | { created: true; generatedPassword?: string };

export async function ensureDefaultAdmin(users: UserService, login: string, password: string): Promise<DefaultAdmin> {
  if (!login || (await users.find(userId('local', login)))) return { created: false };
  // 32 characters, as Plik's generated passwords.
  const chosen = password || randomBytes(24).toString('base64url');
  try {
    await users.create({ provider: 'local', login, password: chosen, isAdmin: true });
  } catch (err) {
    // Another instance starting on the same database made it first: the database let one insert the user.
    if (err instanceof FerryError && (await users.find(userId('local', login)))) return { created: false };
    throw err;
  }
  return password ? { created: true } : { created: true, generatedPassword: chosen };
}
