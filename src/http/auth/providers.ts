// The outside sign-in providers Ferry knows (OpenID Connect, Google, OVH), each set up from the config, and which
// of them are on. A provider sends the browser away to sign in and, on its return, says who signed in.
import type { Config } from '../../config/schema.js';
import type { ExternalIdentity } from '../../domain/external-accounts.js';
import { oidcProvider } from './oidc.js';
import { ovhProvider } from './ovh.js';
import type { SavedState } from './sign-in-state.js';

export interface SignInProvider {
  name: ExternalIdentity['provider'];
  /** As Plik's messages name it: "Google authentication is disabled". */
  label: string;
  enabled: boolean;
  /** Keys the sign-in state cookie: a secret every instance of Ferry shares. */
  secret: string;
  /** Where to send the browser to sign in, and what its return will need. */
  start(callbackUrl: string): Promise<{ url: string; state: SavedState }>;
  /** Who signed in, from the provider's answer at the callback (`currentUrl`) and what `start` saved. */
  finish(currentUrl: URL, state: SavedState): Promise<ExternalIdentity>;
}

/** Which providers are on: as Plik decides it, authentication must be on and the provider's credentials set. */
export function signInEnabled(config: Config) {
  const authentication = config.FeatureAuthentication !== 'disabled';
  return {
    google: authentication && config.GoogleApiClientID !== '' && config.GoogleApiSecret !== '',
    ovh: authentication && config.OvhApiKey !== '' && config.OvhApiSecret !== '',
    oidc: authentication && config.OIDCProviderURL !== '' && config.OIDCClientID !== '' && config.OIDCClientSecret !== '',
  };
}

export function signInProviders(config: Config): SignInProvider[] {
  const enabled = signInEnabled(config);
  return [
    oidcProvider({
      name: 'oidc',
      label: config.OIDCProviderName,
      enabled: enabled.oidc,
      issuer: config.OIDCProviderURL,
      clientId: config.OIDCClientID,
      clientSecret: config.OIDCClientSecret,
      trustUnverifiedEmail: config.OIDCTrustUnverifiedEmail,
    }),
    oidcProvider({
      name: 'google',
      label: 'Google',
      enabled: enabled.google,
      issuer: config.GoogleIssuerURL,
      clientId: config.GoogleApiClientID,
      clientSecret: config.GoogleApiSecret,
    }),
    ovhProvider({ enabled: enabled.ovh, endpoint: config.OvhApiEndpoint, applicationKey: config.OvhApiKey, secret: config.OvhApiSecret }),
  ];
}
