// The outside sign-in providers Ferry knows (OpenID Connect, Google, GitHub, OVH), each set up from the config, and which
// of them are on. A provider sends the browser away to sign in and, on its return, says who signed in.
import type { Config } from '../../config/schema.js';
import { hasAccounts } from '../../domain/users.js';
import { githubProvider } from './github.js';
import { oidcProvider } from './oidc.js';
import { ovhProvider } from './ovh.js';
import type { SignInProvider } from './sign-in-provider.js';

/** Which providers are on: as Plik decides it, authentication must be on and the provider's credentials set. */
export function signInEnabled(config: Config) {
  const authentication = hasAccounts(config.FeatureAuthentication);
  return {
    google: authentication && config.GoogleApiClientID !== '' && config.GoogleApiSecret !== '',
    github: authentication && config.GitHubApiClientID !== '' && config.GitHubApiSecret !== '',
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
    githubProvider({
      enabled: enabled.github,
      clientId: config.GitHubApiClientID,
      clientSecret: config.GitHubApiSecret,
      organizations: config.GitHubValidOrganizations,
      webUrl: config.GitHubURL,
      apiUrl: config.GitHubApiURL,
    }),
    ovhProvider({ enabled: enabled.ovh, endpoint: config.OvhApiEndpoint, applicationKey: config.OvhApiKey, secret: config.OvhApiSecret }),
  ];
}
