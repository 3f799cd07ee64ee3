// Sign-in with an OVH account, through OVH's own API flow as Plik does it: ask OVH for a consumer key allowed to
// read GET /me, send the user to validate it, then read /me with requests signed by the application secret.
import { createHash } from 'node:crypto';
import { forbidden } from '../../model/errors.js';
import { providerMessage } from './provider-messages.js';
import type { SignInProvider } from './sign-in-provider.js';

export interface OvhOptions {
  enabled: boolean;
  /** e.g. https://eu.api.ovh.com/1.0 */
  endpoint: string;
  applicationKey: string;
  secret: string;
}

/** A browser waits on these calls: past this, OVH counts as unreachable. */
const TIMEOUT_MS = 15_000;

interface Credential {
  validationUrl?: unknown;
  consumerKey?: unknown;
}

interface Me {
  nichandle?: unknown;
  email?: unknown;
  firstname?: unknown;
  name?: unknown;
}

export function ovhProvider(options: OvhOptions): SignInProvider {
  return {
    name: 'ovh',
    label: 'OVH',
    enabled: options.enabled,
    secret: options.secret,

    async start(callbackUrl) {
      const url = `${options.endpoint}/auth/credential`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'X-Ovh-Application': options.applicationKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ accessRules: [{ method: 'GET', path: '/me' }], redirection: callbackUrl }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const credential = (await answer(url, response)) as Credential;
      if (typeof credential.validationUrl !== 'string' || typeof credential.consumerKey !== 'string') {
        throw new Error(`error with OVH API ${url} : no validationUrl or consumerKey in the answer`);
      }
      return { url: credential.validationUrl, state: { consumerKey: credential.consumerKey } };
    },

    async finish(_currentUrl, saved) {
      const consumerKey = saved.consumerKey;
      if (!consumerKey) throw forbidden('invalid OVH sign-in state, start again from the login page');
      const url = `${options.endpoint}/me`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(url, {
        headers: {
          'X-Ovh-Application': options.applicationKey,
          'X-Ovh-Consumer': consumerKey,
          'X-Ovh-Timestamp': timestamp,
          'X-Ovh-Signature': ovhSignature(options.secret, consumerKey, 'GET', url, '', timestamp),
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      // A credential the user did not validate (or refused) is not allowed to read /me.
      if (response.status === 401 || response.status === 403)
        throw forbidden(`sign-in refused by OVH : ${await providerMessage(response)}`);
      const me = (await answer(url, response)) as Me;
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      if (!text(me.nichandle)) throw new Error(`error with OVH API ${url} : no nichandle in the answer`);
      return {
        provider: 'ovh',
        login: text(me.nichandle),
        name: [text(me.firstname), text(me.name)].filter(Boolean).join(' '),
        email: text(me.email),
      };
    },
  };
}

/** OVH's request signature: "$1$" and the SHA-1 of secret+consumerKey+method+url+body+timestamp, in hex. */
function ovhSignature(secret: string, consumerKey: string, method: string, url: string, body: string, timestamp: string): string {
  return `$1$${createHash('sha1').update([secret, consumerKey, method, url, body, timestamp].join('+')).digest('hex')}`;
}

async function answer(url: string, response: Response): Promise<unknown> {
  if (!response.ok) throw new Error(`error with OVH API ${url} : ${response.status} : ${await providerMessage(response)}`);
  return response.json();
}
