// What the whole page knows: the server's config and version, and who is signed in.
import { signal } from '@preact/signals';
import { api, ApiError, hasSession } from '../api/client';
import type { ServerConfig, User, Version } from '../api/types';

export const config = signal<ServerConfig | null>(null);
export const version = signal<string>('');
export const user = signal<User | null>(null);

export const authEnabled = () => (config.value?.feature_authentication ?? 'disabled') !== 'disabled';

/** Loads the config and the signed-in user; the page shows nothing until this is done. */
export async function loadSession(): Promise<void> {
  const [serverConfig, serverVersion] = await Promise.all([api<ServerConfig>('config'), api<Version>('version').catch(() => null)]);
  config.value = serverConfig;
  version.value = serverVersion?.version ?? '';
  await refreshUser();
}

export async function refreshUser(): Promise<void> {
  // Without a session, /me would answer 401 with a Basic challenge, which browsers meet with a login dialog.
  if (!authEnabled() || !hasSession()) {
    user.value = null;
    return;
  }
  try {
    user.value = await api<User>('me');
  } catch (err) {
    user.value = null;
    // A session that ended on the server leaves cookies that Ferry refuses on every request: drop them.
    if (err instanceof ApiError && err.status === 403) await api('auth/logout').catch(() => undefined);
    else if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
}

export async function signOut(): Promise<void> {
  await api('auth/logout');
  user.value = null;
}
