// Plik's options that Ferry reads but does not act on, each with the reason: a plikd.cfg starts Ferry, and the
// start-up warning tells its admin what of it Ferry leaves aside, and why.

const DEPRECATED = 'deprecated since Plik 1.3.6: the Feature* options say it';

/** By option name in lower case (Plik matches names without regard to case); nested options as Table.Key. */
const REASONS: Record<string, string> = {
  debugrequests: 'Ferry logs every request at info level already',
  downloaddomainalias: 'Ferry does not redirect requests to DownloadDomain, so there is nothing to alias',
  enhancedwebsecurity: 'Ferry always sends its security headers, and Secure cookies over HTTPS',
  changelogdirectory: "Ferry does not serve Plik's changelog",
  authentication: DEPRECATED,
  noanonymousuploads: DEPRECATED,
  oneshot: DEPRECATED,
  removable: DEPRECATED,
  stream: DEPRECATED,
  protectedbypassword: DEPRECATED,
  googleauthentication: 'Google sign-in is on when GoogleApiClientID and GoogleApiSecret are set',
  ovhauthentication: 'OVH sign-in is on when OvhApiKey and OvhApiSecret are set',
  'metadatabackendconfig.debug': 'Ferry does not log SQL statements',
};

export interface IgnoredOption {
  option: string;
  reason: string;
}

export function ignoredOption(option: string): IgnoredOption {
  return { option, reason: REASONS[option.toLowerCase()] ?? 'neither a Plik nor a Ferry option' };
}

/** The one start-up warning's text: every ignored option with its reason. */
export function describeIgnored(ignored: IgnoredOption[]): string {
  return `config options Ferry does not act on were ignored: ${ignored.map(({ option, reason }) => `${option} (${reason})`).join('; ')}`;
}
