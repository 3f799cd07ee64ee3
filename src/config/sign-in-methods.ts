// Which ways of signing in a config turns on, as Plik decides it: accounts must exist (FeatureAuthentication), then
// the local form unless FeatureLocalLogin is disabled, and each outside provider whose credentials are set. The
// config refuses accounts with no way in; GET /config tells the web page which buttons to show.

/** The options it reads, by their names in the config (which itself checks them with this). */
interface SignInOptions {
  FeatureAuthentication: string;
  FeatureLocalLogin: string;
  GoogleApiClientID: string;
  GoogleApiSecret: string;
  OvhApiKey: string;
  OvhApiSecret: string;
  OIDCProviderURL: string;
  OIDCClientID: string;
  OIDCClientSecret: string;
}

export function signInEnabled(config: SignInOptions) {
  const accounts = config.FeatureAuthentication !== 'disabled';
  return {
    local: accounts && config.FeatureLocalLogin !== 'disabled',
    google: accounts && config.GoogleApiClientID !== '' && config.GoogleApiSecret !== '',
    ovh: accounts && config.OvhApiKey !== '' && config.OvhApiSecret !== '',
    oidc: accounts && config.OIDCProviderURL !== '' && config.OIDCClientID !== '' && config.OIDCClientSecret !== '',
  };
}

/** Accounts exist and some way in is on, or there are no accounts. */
export const someWayIn = (config: SignInOptions): boolean =>
  config.FeatureAuthentication === 'disabled' || Object.values(signInEnabled(config)).some(Boolean);
