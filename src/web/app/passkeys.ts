// Passkey ceremonies in the browser: the server's options go to navigator.credentials through SimpleWebAuthn's
// browser part (base64url to ArrayBuffer and back), which is imported only here, when a passkey is added or used,
// so that the page's main bundle does not carry it (budgeted apart in vite.config.ts).
import { api } from './api/client';
import type { WirePasskey } from '../../protocol/ferry-passkeys';

const webauthn = () => import('@simplewebauthn/browser');

/** Makes a passkey on this device (the browser asks for the fingerprint, face or PIN) and keeps it as `name`. */
export async function addPasskey(name: string): Promise<WirePasskey> {
  const [{ startRegistration }, { options }] = await Promise.all([
    webauthn(),
    api<{ options: Parameters<typeof import('@simplewebauthn/browser').startRegistration>[0]['optionsJSON'] }>('me/passkeys/options', {
      method: 'POST',
      body: {},
    }),
  ]);
  const response = await startRegistration({ optionsJSON: options });
  return api<WirePasskey>('me/passkeys', { method: 'POST', body: { name, response } });
}

/** Signs in with any passkey the browser holds for this server: the session cookies are set by the answer. */
export async function signInWithPasskey(): Promise<void> {
  const [{ startAuthentication }, { options }] = await Promise.all([
    webauthn(),
    api<{ options: Parameters<typeof import('@simplewebauthn/browser').startAuthentication>[0]['optionsJSON'] }>('auth/passkey/options', {
      method: 'POST',
      body: {},
    }),
  ]);
  const response = await startAuthentication({ optionsJSON: options });
  await api('auth/passkey/login', { method: 'POST', body: { response } });
}
