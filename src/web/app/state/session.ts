// What the whole page knows: the server's config and version, and who is signed in.
import { signal } from '@preact/signals';
import { api, ApiError, hasSession } from '../api/client';
import { apiUrl } from '../base';
import type { Branding, ServerConfig, User, Version } from '../api/types';
import { forgetAllUploads } from './owned-uploads';

export const config = signal<ServerConfig | null>(null);
export const version = signal<string>('');
/** Plik's client binaries the server offers (ClientsDirectory), by platform. */
export const clients = signal<NonNullable<Version['clients']>>([]);
export const user = signal<User | null>(null);
/** BrandingFile's look: Ferry's own until /branding answers (or when it cannot). */
export const branding = signal<Branding>({ name: 'Ferry', logo: null, footer: '', stylesheet: null });

export const authEnabled = () => (config.value?.feature_authentication ?? 'disabled') !== 'disabled';

/** Loads the config and the signed-in user; the page shows nothing until this is done. */
export async function loadSession(): Promise<void> {
  const [serverConfig, serverVersion, serverBranding] = await Promise.all([
    api<ServerConfig>('config'),
    api<Version>('version').catch(() => null),
    api<Branding>('branding').catch(() => null),
  ]);
  if (serverBranding) applyBranding(serverBranding);
  config.value = serverConfig;
  version.value = serverVersion?.version ?? '';
  clients.value = serverVersion?.clients ?? [];
  await refreshUser();
}

/** The brand's stylesheet comes after the app's, from Ferry itself: the CSP allows no inline style. */
function applyBranding(shown: Branding): void {
  branding.value = shown;
  if (!shown.stylesheet) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = apiUrl(shown.stylesheet);
  document.head.append(link);
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
    // A session that ended on the server (signed out everywhere, say) leaves cookies that Ferry refuses on every
    // request: drop them, and what this browser kept of the uploads made here, as signing out does.
    if (err instanceof ApiError && err.status === 403) {
      forgetAllUploads();
      await api('auth/logout', { method: 'POST' }).catch(() => undefined);
    } else if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
}

/** Signs out, forgetting first the upload tokens and link secrets of uploads made here, even if Ferry is unreachable. */
export async function signOut(): Promise<void> {
  forgetAllUploads();
  await api('auth/logout', { method: 'POST' });
  user.value = null;
}

/** Ends every session of the user, on every device, this one too; the others forget their uploads at their next load. */
export async function signOutEverywhere(): Promise<void> {
  forgetAllUploads();
  await api('me/sessions', { method: 'DELETE' });
  user.value = null;
}
