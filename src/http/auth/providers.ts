// The outside sign-in providers Ferry knows (OpenID Connect, Google, OVH), each set up from the config, and which
// of them are on. A provider sends the browser away to sign in and, on its return, says who signed in.
import type { Config } from '../../config/schema.js';
import { signInEnabled } from '../../config/sign-in-methods.js';
import { oidcProvider } from './oidc.js';
import { ovhProvider } from './ovh.js';
import type { SignInProvider } from './sign-in-provider.js';

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
      requireVerifiedEmail: config.OIDCRequireVerifiedEmail,
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
