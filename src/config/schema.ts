// Ferry's options, named as Plik names them so that an existing plikd.cfg starts Ferry,
// with their defaults and the parsing of values that arrive as strings (environment, flags).
import { isIP } from 'node:net';
import ms from 'ms';
import { z } from 'zod';
import { FEATURE_VALUES, type FeatureValue } from '../model/features.js';
import { isWellFormedLogin, MIN_LOGIN_LENGTH } from '../model/logins.js';
import { parseClamdAddress } from './clamd-address.js';
import { someWayIn } from './sign-in-methods.js';

/**
 * A size in bytes, as a number or as Plik writes it: "10GB" in SI units (1 GB = 10^9 bytes), "10GiB" in
 * binary ones, "unlimited" or -1 for no limit.
 */
export const size = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = parseSize(String(value));
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a size: ${JSON.stringify(value)} (use bytes, "10GB", "512MiB" or "unlimited")` });
    return z.NEVER;
  }
  return parsed;
});

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

function parseSize(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === 'unlimited' || trimmed === '-1') return -1;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?)b?$/i.exec(trimmed);
  if (!match) return undefined;
  const [, number, unit = '', binary] = match;
  const power = Object.keys(SIZE_UNITS).indexOf(unit.toLowerCase());
  const multiplier = binary ? 1024 ** power : (SIZE_UNITS[unit.toLowerCase()] ?? 1);
  const bytes = Math.round(Number(number) * multiplier);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A duration in seconds, as a number of seconds or a string such as "30d"; -1 or 0 mean "no limit". */
export const seconds = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = String(value).trim();
  const parsed = /^-?\d+$/.test(text) ? Number(text) : ms(text as ms.StringValue) / 1000;
  if (!Number.isInteger(parsed) || parsed < -1) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${JSON.stringify(value)} (use seconds or e.g. "30d")` });
    return z.NEVER;
  }
  return parsed;
});

/** A store's timeout in seconds, 0 for none (then a silent network waits on the system's TCP timeouts, minutes). */
const timeout = seconds.pipe(z.number().min(0, 'must be 0 (no limit) or more seconds'));

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/, 'not an integer')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));

const boolean = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://auth.example.com/realms/main' });

/** An LDAP URL Ferry can connect to: the scheme and a host, an optional port, nothing after. */
function isLdapUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return ['ldap:', 'ldaps:'].includes(url.protocol) && url.hostname !== '' && ['', '/'].includes(url.pathname) && !url.search;
  } catch {
    return false;
  }
}

/** An attribute's name (RFC 4512: a letter, then letters, digits and hyphens), with its default. */
const ldapAttribute = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an LDAP attribute name, e.g. "uid"')
    .default(fallback);

/** A list of strings: a TOML array, or from the environment a JSON array or comma-separated values. */
const stringList = z.preprocess(
  (value) =>
    typeof value !== 'string'
      ? value
      : value.trim().startsWith('[')
        ? parseJson(value)
        : value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
  z.array(z.string()),
);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An address, or a CIDR: a /32 (or /128) may be left out, as in Plik's UploadWhitelist. */
const isAddressOrCidr = (range: string) => {
  const [address = '', prefix, ...rest] = range.split('/');
  const version = isIP(address);
  return (
    version !== 0 &&
    rest.length === 0 &&
    (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)))
  );
};

/** proxy-addr's names for ranges, which Fastify's trustProxy takes besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * The reverse proxies whose X-Forwarded-* headers Ferry believes: a list of addresses or CIDRs, or a number of
 * hops (every connection comes through that many proxies, so the nearest one is trusted whatever its address).
 * As Fastify's trustProxy takes them; from the environment "127.0.0.1/32,10.0.0.0/8" or "1".
 */
const trustedProxies = z.union([
  z.number().int().min(1),
  z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number)
    .pipe(z.number().int().min(1)),
  stringList.pipe(
    z.array(
      z
        .string()
        .trim()
        .refine(
          (r) => PROXY_RANGE_NAMES.includes(r) || isAddressOrCidr(r),
          'must be an address or a CIDR, e.g. "127.0.0.1/32" or "10.0.0.0/8"',
        ),
    ),
  ),
]);

/** Plik's log levels as pino's: its CRITICAL lines are what pino calls errors (failures a request met). */
const PLIK_LOG_LEVELS: Record<string, string> = { warning: 'warn', critical: 'error' };

const feature = (fallback: FeatureValue) => z.enum(FEATURE_VALUES).default(fallback);
/** Plik 1.4's switches that are only on or off. */
const featureSwitch = (fallback: 'enabled' | 'disabled') =>
  z.enum(['enabled', 'disabled'], { error: 'must be "enabled" or "disabled"' }).default(fallback);

/** Values of nested tables may arrive from the environment as JSON. */
const table = <T extends z.ZodType>(inner: T) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a table, or JSON of one when set from the environment' });
      return z.NEVER;
    }
  }, inner);

/** Who may send a download's bytes in Ferry's place (DownloadOffload). */
export const DOWNLOAD_OFFLOADS = ['none', 'nginx', 'caddy', 's3-presigned'] as const;
/** S3 signs a GET for a week at most (SigV4). */
const S3_MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const MiB = 1024 * 1024;
/** S3 takes multipart uploads in at most 10,000 parts of 5 MiB to 5 GiB (the last one may be smaller). */
export const S3_MAX_PARTS = 10_000;

/**
 * Where file bytes go. "file": Directory, relative to DataDir. "s3": Plik's options (Endpoint as host:port with
 * UseSSL, or a URL; AccessKeyID and SecretAccessKey, or neither for the AWS SDK's own credentials; Bucket; Location,
 * the region; Prefix; PartSize) and Ferry's (ForcePathStyle, QueueSize, SSE, RequestChecksumCalculation); docs/s3.md.
 * The endpoint, path style and checksums come out resolved: what the S3 client is given as is.
 */
const dataBackendFields = z.looseObject({
  Directory: z.string().optional(),
  Endpoint: z.string().trim().default(''),
  AccessKeyID: z.string().default(''),
  SecretAccessKey: z.string().default(''),
  /** Plik's default: a plikd.cfg that names no bucket used this one. */
  Bucket: z.string().default('plik'),
  Location: z.string().min(1).default('us-east-1'),
  Prefix: z
    .string()
    .default('')
    .transform((p) => p.replace(/^\/+|\/+$/g, '')),
  UseSSL: boolean.default(true),
  /** Bucket in the path (https://host/bucket/key) rather than the host name; unset: on for any endpoint but AWS's. */
  ForcePathStyle: boolean.optional(),
  /**
   * Plik takes 5MB (decimal) and up, and its S3 client raises smaller parts to S3's real floor, 5MiB: Ferry takes the
   * same values and does the same.
   */
  PartSize: size
    .pipe(
      z
        .number()
        .min(5_000_000, 'must be at least 5MB (S3 takes parts of 5MiB and up)')
        .max(5 * 1024 * MiB, 'must be at most 5GiB, the largest S3 part'),
    )
    .transform((bytes) => Math.max(bytes, 5 * MiB))
    .default(16 * MiB),
  /** Parts of one file sent at once: a write holds about (QueueSize + 1) × PartSize in memory. */
  QueueSize: integer(1, 64).default(2),
  SSE: z
    .string()
    .default('')
    .transform((v) => v.trim().toUpperCase().replace(/^SSE-/, ''))
    .pipe(z.enum(['', 'S3', 'KMS', 'C'], { error: 'must be "", "S3", "KMS" or "C" (Plik\'s "SSE-C")' })),
  /** SSE = "KMS": the key's id or ARN; empty for the bucket's default KMS key. */
  SSEKMSKeyId: z.string().default(''),
  /** SSE = "C": base64 of the 32-byte key the S3 server encrypts with and does not keep. */
  SSECustomerKey: z.string().default(''),
  /** Checksums sent with writes: unset, "WHEN_SUPPORTED" on AWS and "WHEN_REQUIRED" elsewhere, as not all S3s take them. */
  RequestChecksumCalculation: z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED']).optional(),
  /** Seconds a connection to S3 may take to open (0: the system's own, minutes). */
  ConnectTimeout: timeout.default(10),
  /**
   * Seconds from sending a request, with its body (a part at most), to the start of S3's answer (0: no limit); a
   * download's body is then read at the client's pace, however long. The SDK tries three times before a 503.
   */
  RequestTimeout: timeout.default(30),
});

const dataBackendConfig = dataBackendFields
  .refine((c) => !c.AccessKeyID === !c.SecretAccessKey, {
    path: ['SecretAccessKey'],
    message: "goes with AccessKeyID: set both, or neither to use the AWS SDK's default credentials (environment, instance role)",
  })
  .refine((c) => c.SSE !== 'C' || Buffer.from(c.SSECustomerKey, 'base64').length === 32, {
    path: ['SSECustomerKey'],
    message:
      'must be the base64 of 32 bytes when SSE is "C" (openssl rand -base64 32): Ferry gives the S3 store one key for every file and keeps none in its database (Plik made one per file and kept it there)',
  })
  .superRefine((c, ctx) => {
    if (c.Endpoint && !URL.canParse(endpointUrl(c.Endpoint, c.UseSSL))) {
      ctx.addIssue({
        code: 'custom',
        path: ['Endpoint'],
        message: 'must be host:port (as Plik has it) or a URL, e.g. minio:9000 or https://s3.eu-central-003.backblazeb2.com',
      });
    }
  })
  .transform((c) => {
    const Endpoint = c.Endpoint && endpointUrl(c.Endpoint, c.UseSSL);
    const aws = !Endpoint || /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(Endpoint).hostname);
    return {
      ...c,
      Endpoint,
      ForcePathStyle: c.ForcePathStyle ?? !aws,
      RequestChecksumCalculation: c.RequestChecksumCalculation ?? (aws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED'),
    };
  });

/** Plik's Endpoint is host:port, the scheme chosen by UseSSL; a URL is taken as it is. */
const endpointUrl = (endpoint: string, useSsl: boolean) =>
  /^https?:\/\//i.test(endpoint) ? endpoint : `${useSsl ? 'https' : 'http'}://${endpoint}`;

const metadataBackendFields = z.looseObject({
  Driver: z.enum(['sqlite3', 'sqlite', 'postgres', 'mysql']).default('sqlite3'),
  ConnectionString: z.string().optional(),
  MaxOpenConns: integer(0).optional(),
  MaxIdleConns: integer(0).optional(),
  /** Seconds a connection to PostgreSQL or MySQL may take to open, or to come free when all are in use (0: no limit). */
  ConnectTimeout: timeout.default(10),
  /** Seconds a query may go unanswered before its connection is dropped and the request gets 503 (0: no limit). */
  QueryTimeout: timeout.default(30),
});

const metadataBackendConfig = metadataBackendFields.refine((c) => c.Driver.startsWith('sqlite') || c.ConnectionString, {
  path: ['ConnectionString'],
  message: 'is required for postgres and mysql, e.g. postgres://ferry@127.0.0.1:5432/ferry',
});

/** The keys each table option knows: any other in a config file is ignored, and said so. */
export const TABLE_FIELDS = {
  DataBackendConfig: Object.keys(dataBackendFields.shape),
  MetadataBackendConfig: Object.keys(metadataBackendFields.shape),
};

export type DataBackendOptions = z.output<typeof dataBackendConfig>;

/** Slack, Telegram, WhatsApp (Signal previews as WhatsApp), Facebook and Messenger, Discord, Skype and Teams,
 * Viber, LinkedIn, Twitter/X (iMessage previews as Facebook and Twitter), Wire, Mattermost, Rocket.Chat, Zulip,
 * Google Chat, Mastodon, Bluesky, Reddit, and the embedding services behind many others. */
const LINK_PREVIEW_BOTS = [
  'Slackbot',
  'Slack-ImgProxy',
  'TelegramBot',
  'WhatsApp',
  'facebookexternalhit',
  'Facebot',
  'Discordbot',
  'SkypeUriPreview',
  'MicrosoftPreview',
  'Viber',
  'LinkedInBot',
  'Twitterbot',
  'Wire LinkPreview',
  'Mattermost',
  'Rocket.Chat',
  'Zulip',
  'Google-PageRenderer',
  'Mastodon',
  'Bluesky',
  'redditbot',
  'Embedly',
  'Iframely',
];

export const optionsSchema = z.object({
  ListenAddress: z.string().default('0.0.0.0'),
  ListenPort: integer(0, 65535).default(8080),
  /** Prometheus metrics at /metrics on a listener of their own, kept off the public port; 0: none (Plik's names). */
  MetricsPort: integer(0, 65535).default(0),
  MetricsAddress: z.string().default('0.0.0.0'),
  /** URL prefix Ferry is served under, e.g. "/ferry" behind a proxy. */
  Path: z
    .string()
    .default('')
    .transform((p) => p.replace(/\/+$/, ''))
    .refine((p) => p === '' || /^\/[\w\-./]*$/.test(p), 'must start with "/" and hold only URL path characters'),
  MaxFileSize: size.default(10_000_000_000),
  MaxFileSizeMB: integer(1).optional(),
  MaxFilePerUpload: integer(1).default(1000),
  /** Bytes each user may keep in live files (per-user values override it); -1: no quota. */
  MaxUserSize: size.default(-1),
  DefaultTTL: seconds.default(30 * 24 * 3600),
  MaxTTL: seconds.default(30 * 24 * 3600),
  /**
   * Where downloads are served. Plik's form, an origin ("https://dl.example.com"), is followed by Path in the
   * links; Ferry's, a whole base URL with its path ("https://example.com/files"), is used as it is.
   */
  DownloadDomain: z
    .string()
    .default('')
    .transform((d) => d.replace(/\/+$/, ''))
    .refine(
      (d) => d === '' || /^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(d),
      'must be an origin such as https://dl.example.com, or a base URL such as https://example.com/files',
    ),
  /**
   * Plik 1.4's: the web app's public origin ("https://plik.example.com"; the path is Path's). Links to pages Ferry
   * hands out (the CLI sign-in page), and the download links when DownloadDomain is unset, are built on it rather
   * than on the request's Host.
   */
  PlikDomain: z
    .string()
    .default('')
    .transform((d) => d.replace(/\/+$/, ''))
    .refine(
      (d) => d === '' || /^https?:\/\/[^/\s?#]+$/.test(d),
      'must be an origin such as https://plik.example.com (the path goes in Path)',
    ),
  /**
   * Plik's: the request header holding the client's address behind a reverse proxy ("X-Forwarded-For",
   * "X-Real-IP"); empty: the connection's own address. Unlike Plik, read only from TrustedProxies.
   */
  SourceIpHeader: z
    .string()
    .trim()
    .default('')
    .refine((h) => h === '' || /^[!#$%&'*+\-.^_`|~\w]+$/.test(h), 'must be a header name such as "X-Forwarded-For"'),
  /** Whose X-Forwarded-For (as SourceIpHeader says), X-Forwarded-Host and X-Forwarded-Proto are believed; empty: no one's. */
  TrustedProxies: trustedProxies.default([]),
  /** Plik's: the addresses and CIDRs that may create uploads ("10.0.0.0/8"; an address alone is one); empty: any. */
  UploadWhitelist: stringList
    .pipe(z.array(z.string().trim().refine(isAddressOrCidr, 'must be an address or a CIDR, e.g. "10.0.0.0/8"')))
    .default([]),
  /** Uploads one address may create a minute without an account (0: no cap). */
  AnonymousUploadsPerMinute: integer(0).default(0),
  /** Bytes one address may send an hour into uploads without an account ("1GB"; -1: no cap). */
  AnonymousBytesPerHour: size.default(-1),
  /** QR codes (GET /qrcode) one address may ask for a minute (0: no cap). */
  QRCodesPerMinute: integer(0).default(0),
  /** Serve HTTPS with SslCert (PEM, the chain after the certificate) and SslKey (PEM), files read at start. */
  SslEnabled: boolean.default(false),
  SslCert: z.string().default(''),
  SslKey: z.string().default(''),
  /** The oldest TLS version accepted, as Plik spells it; Plik's default is tlsv10, Ferry's tlsv12. */
  TlsVersion: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['tlsv10', 'tlsv11', 'tlsv12', 'tlsv13'], { error: 'must be "tlsv10", "tlsv11", "tlsv12" or "tlsv13"' }))
    .default('tlsv12'),
  FeatureAuthentication: feature('disabled'),
  FeatureOneShot: feature('enabled'),
  FeatureRemovable: feature('enabled'),
  FeatureStream: feature('enabled'),
  FeaturePassword: feature('enabled'),
  FeatureComments: feature('enabled'),
  FeatureSetTTL: feature('enabled'),
  FeatureExtendTTL: feature('disabled'),
  FeatureClients: feature('enabled'),
  FeatureGithub: feature('enabled'),
  FeatureText: feature('enabled'),
  /** Plik 1.4's: uploads end-to-end encrypted by their client (e2ee: "age"); forced: no other upload. */
  FeatureE2EE: feature('enabled'),
  /** Plik 1.4's: the login and password form and POST /auth/local/login; disabled, outside providers only. */
  FeatureLocalLogin: featureSwitch('enabled'),
  /** Plik 1.4's: whether users may delete their own account (DELETE /me); an admin always can. */
  FeatureDeleteAccount: featureSwitch('enabled'),
  /** Plik 1.4's: user tokens: making them, X-PlikToken, and the CLI's sign-in through the browser. */
  FeatureApiTokens: featureSwitch('enabled'),
  /** Plik 1.4's: whether zips of an upload are compressed (deflate, fast) or stored (no CPU spent on them). */
  EnableArchiveCompression: boolean.default(true),
  /** Encryption at rest of uploads that do not choose: none, server (EncryptionKey), link (secret in the link). */
  Encryption: z.enum(['none', 'server', 'link']).default('none'),
  /** Base64 of 32 random bytes (`openssl rand -base64 32`): the master key of server-side encryption. */
  EncryptionKey: z
    .string()
    .default('')
    .refine((k) => k === '' || Buffer.from(k, 'base64').length === 32, 'must be the base64 of 32 bytes (openssl rand -base64 32)'),
  /** May uploads choose their encryption (enabled), not (disabled), or only encrypted ones (forced)? */
  FeatureEncryption: feature('enabled'),
  /** Store identical content once. */
  Deduplication: boolean.default(true),
  /** No hotlinks (files served for embedding) at all. */
  HotlinkProtection: boolean.default(false),
  /** Plik's: serve the API alone, without the web app's pages (the pages the server draws stay: /d, errors). */
  NoWebInterface: boolean.default(false),
  /** Another web app to serve instead of Ferry's, from this folder (its index.html); '': Ferry's own. */
  WebappDirectory: z.string().default(''),
  /** Plik's client binaries to offer (`<os>-<arch>/plik`), under /clients/ and in GET /version; '': none. */
  ClientsDirectory: z.string().default(''),
  /** Where to report abuse (an address, a URL), shown in the web page's footer and in GET /config; '': none. */
  AbuseContact: z.string().max(255).default(''),
  /** Ferry's own: a TOML or JSON file of the pages' name, logo, colours, footer and stylesheet (docs/branding.md); '': none. */
  BrandingFile: z.string().default(''),
  /**
   * Who sends a download's bytes once Ferry has checked and counted it: Ferry ("none"), the nginx or Caddy in front
   * of it, from the files folder (an X-Accel-Redirect to DownloadOffloadPrefix), or the S3 server, to which the
   * client is redirected with a presigned GET ("s3-presigned"). Encrypted and stream-mode files always go through
   * Ferry; docs/offload.md.
   */
  DownloadOffload: z
    .enum(DOWNLOAD_OFFLOADS, { error: `must be one of ${DOWNLOAD_OFFLOADS.map((o) => `"${o}"`).join(', ')}` })
    .default('none'),
  /** nginx, caddy: the proxy's internal location that serves the files folder, never reachable by a client. */
  DownloadOffloadPrefix: z
    .string()
    .trim()
    .default('/_ferry_files/')
    .refine(
      (p) => /^\/[\w\-.~/]*\/$/.test(p) && !p.includes('//'),
      'must be a URL path that starts and ends with "/", e.g. "/_ferry_files/"',
    ),
  /** s3-presigned: how long a presigned GET stays valid, in seconds (the client follows the redirect at once). */
  DownloadOffloadTTL: seconds
    .pipe(
      z
        .number()
        .min(1, 'must be at least one second')
        .max(S3_MAX_PRESIGN_SECONDS, 'must be at most 7 days, the longest an S3 presigned URL lasts'),
    )
    .default(60),
  /**
   * s3-presigned: redirect files limited to one download (oneShot, DownloadLimit 1) too. Off by default: a presigned
   * URL can be replayed until it expires, so whoever sees it (a proxy's log, a shared browser history) may fetch the
   * file again within DownloadOffloadTTL, past the single download it was allowed.
   */
  DownloadOffloadOneTime: boolean.default(false),
  /**
   * Ferry's own: User-Agent fragments (any case) of the bots that fetch a link pasted in a chat to preview it. They
   * get 406 from a file that a download uses up (one-shot, stream, download limit), which stays for the person.
   */
  LinkPreviewBots: stringList.default(LINK_PREVIEW_BOTS),
  /** How long a web session lasts. */
  SessionTimeout: seconds.default(365 * 24 * 3600),
  /**
   * Ferry's: which local users must sign in with two factors (TOTP, or a passkey): none, admins, or everyone. One
   * covered who has not enrolled is sent to enrol after the password, and gets no session until they have.
   */
  TwoFactorRequired: z.enum(['none', 'admins', 'everyone']).default('none'),
  /** When a user is deleted, their uploads go too unless this is set. */
  KeepUploadsOfDeletedUsers: boolean.default(false),
  /** Ferry's: the fewest characters a local account's password may have (Plik's 8 at least). */
  PasswordMinLength: integer(8, 1024).default(8),
  /** Ferry's: local accounts may not take a password from a list of the ~49 000 most common ones. */
  RefuseCommonPasswords: boolean.default(true),
  /** Ferry's: any signed-in user may invite others to make a local account, not only admins (docs/invitations.md). */
  InvitationsByUsers: boolean.default(false),
  /**
   * Plik's bootstrap admin: a local admin user of this login is made at start if no user has it (one that does is
   * left as it is). Its password is DefaultAdminPassword, or, when that is empty, one generated and logged once.
   */
  DefaultAdminLogin: z
    .string()
    .trim()
    .default('')
    .refine(
      (l) => l === '' || (l.length >= MIN_LOGIN_LENGTH && isWellFormedLogin(l)),
      `must be a login of at least ${MIN_LOGIN_LENGTH} characters, without spaces, ":", "/" or "\\"`,
    ),
  DefaultAdminPassword: z
    .string()
    .default('')
    .refine((p) => p === '' || p.length >= 8, 'must be at least 8 characters (or empty, for a generated one)'),
  /** Signing in with an account elsewhere (OpenID Connect, Google, GitHub, OVH) creates the Ferry user the first time. */
  AuthCreateUsers: boolean.default(true),
  /** Google sign-in, on when both are set. */
  GoogleApiClientID: z.string().default(''),
  GoogleApiSecret: z.string().default(''),
  /** Email domains whose Google users may sign up; empty: any. */
  GoogleValidDomains: stringList.default([]),
  /** Google's OpenID issuer; only tests point it elsewhere. */
  GoogleIssuerURL: httpUrl.default('https://accounts.google.com'),
  /** GitHub sign-in (an OAuth app), on when both are set. */
  GitHubApiClientID: z.string().default(''),
  GitHubApiSecret: z.string().default(''),
  /** Organisations whose members may sign in (each time, not only the first); empty: any GitHub user. */
  GitHubValidOrganizations: stringList.default([]),
  /** Ferry's own: where GitHub's sign-in pages and its REST API are (GitHub Enterprise Server; tests: a stand-in). */
  GitHubURL: httpUrl.default('https://github.com'),
  GitHubApiURL: httpUrl.default('https://api.github.com'),
  /** Sign-in with any OpenID Connect provider (Keycloak, Authentik, Dex, …), on when the URL, ID and secret are set. */
  OIDCProviderURL: z.union([z.literal(''), httpUrl]).default(''),
  OIDCClientID: z.string().default(''),
  OIDCClientSecret: z.string().default(''),
  /** The provider's name on the sign-in button. */
  OIDCProviderName: z.string().default('OpenID Connect'),
  /** Email domains whose users may sign up; empty: any. */
  OIDCValidDomains: stringList.default([]),
  /**
   * Take an OpenID Connect provider's email for the user's identity even when it does not say it verified it
   * (no `email_verified: true`). Off: such users are known by subject, as anyone may type any email at many providers.
   */
  OIDCTrustUnverifiedEmail: boolean.default(false),
  /**
   * Plik 1.4's: refuse the provider's users whose email it did not verify. Without it Ferry signs them in by their
   * subject instead (never by an email no one verified, whatever Plik does).
   */
  OIDCRequireVerifiedEmail: boolean.default(false),
  /** OVH sign-in, on when both are set. */
  OvhApiKey: z.string().default(''),
  OvhApiSecret: z.string().default(''),
  OvhApiEndpoint: z
    .string()
    .default('')
    .transform((e) => e.replace(/\/+$/, '') || 'https://eu.api.ovh.com/1.0')
    .refine((e) => /^https?:\/\/\S+$/.test(e), 'must be a URL such as https://eu.api.ovh.com/1.0'),
  /**
   * Ferry's own: sign-in with an LDAP directory's accounts through the login form (docs/ldap.md); '': none. An
   * ldap:// or ldaps:// URL with a host, e.g. ldaps://ldap.example.com (port 636) or ldap://ldap.example.com:389.
   */
  LdapUrl: z
    .string()
    .trim()
    .default('')
    .refine((u) => u === '' || isLdapUrl(u), 'must be an ldap:// or ldaps:// URL with a host and no path, e.g. ldaps://ldap.example.com'),
  /** Upgrade an ldap:// connection with StartTLS before anything is sent (the bind password included). */
  LdapStartTls: boolean.default(false),
  /** A PEM file of the certificate authorities that sign the directory's certificate; '': the system's. */
  LdapCaFile: z.string().trim().default(''),
  /** The service account that searches for users ('' : search anonymously), and its password. */
  LdapBindDn: z.string().trim().default(''),
  LdapBindPassword: z.string().default(''),
  /** Where users are searched for, with all that is below it, e.g. "ou=people,dc=example,dc=org". */
  LdapSearchBase: z.string().trim().default(''),
  /** The filter that finds the user, {login} standing for what they typed (escaped); '': (LdapUsernameAttribute={login}). */
  LdapSearchFilter: z
    .string()
    .trim()
    .default('')
    .refine(
      (f) => f === '' || (f.startsWith('(') && f.endsWith(')') && f.includes('{login}')),
      'must be an LDAP filter in parentheses naming {login}, e.g. "(&(objectClass=inetOrgPerson)(uid={login}))"',
    ),
  /** The attribute people sign in with: the default filter's, and what a posixGroup's memberUid lists. */
  LdapUsernameAttribute: ldapAttribute('uid'),
  /** The attribute that names a person for good, whatever renames and moves: their Ferry login (ldap:<value>). */
  LdapIdAttribute: ldapAttribute('entryUUID'),
  LdapNameAttribute: ldapAttribute('cn'),
  LdapEmailAttribute: ldapAttribute('mail'),
  /** The DN of a group whose members are Ferry admins, checked at every sign-in; '': admins are set in Ferry. */
  LdapAdminGroup: z.string().trim().default(''),
  /** Seconds the directory may take to connect and to answer each request, before sign-in answers 503. */
  LdapTimeout: seconds.pipe(z.number().min(1, 'must be at least one second')).default(10),
  /** Where the embedded defaults live: the SQLite file and the files folder. */
  DataDir: z.string().default('./data'),
  DataBackend: z.enum(['file', 's3']).default('file'),
  DataBackendConfig: table(dataBackendConfig).default(dataBackendConfig.parse({})),
  /**
   * Where metadata lives. sqlite3: ConnectionString is the file (relative to DataDir, default ferry.db).
   * postgres, mysql: a URL (postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db) or Plik's Go DSN;
   * MaxOpenConns bounds the pool (default 10), MaxIdleConns is how many idle connections it keeps;
   * ConnectTimeout and QueryTimeout bound how long a server out of reach keeps a request waiting.
   */
  MetadataBackendConfig: table(metadataBackendConfig).default(metadataBackendConfig.parse({})),
  /**
   * Seconds a connection may pass without a byte in either direction before it is closed (0: never). Counted
   * afresh with every byte, so a long transfer that moves is never cut; one that stalls or was never used is.
   */
  IdleTimeout: seconds.pipe(z.number().min(0)).default(120),
  /** Connections open at once; those past it are closed as they arrive (0: no cap). */
  MaxConnections: integer(0).default(1000),
  /** Seconds a stream-mode upload waits for its downloader before it is given up (0: no limit). */
  StreamTimeout: seconds.pipe(z.number().min(0)).default(600),
  /** How often expired uploads and removed files are swept. */
  CleanupInterval: seconds.default(60),
  /** Resumable uploads (tus 1.0.0) at TusPath under Path; off: clients upload each file in one request. */
  TusEnabled: boolean.default(true),
  /** Where the tus routes live, under Path: "/tus/" serves {Path}/tus/. */
  TusPath: z
    .string()
    .default('/tus/')
    .transform((p) => `/${p.replace(/^\/+|\/+$/g, '')}/`)
    .refine((p) => /^\/[\w\-./]+\/$/.test(p), 'must be a URL path such as "/tus/"'),
  /**
   * The size of the pieces clients are told to send a file in (GET /config): each is one request, so that a
   * proxy capping bodies (Cloudflare's 100 MB) lets them through and a drop loses one piece at most.
   */
  TusChunkSize: size.pipe(z.number().min(1, 'must be at least one byte')).default(50 * 1024 * 1024),
  /** How long a resumable upload may go without a byte before the cleanup removes it with its data. */
  TusUploadExpiry: seconds.pipe(z.number().min(1, 'must be at least one second')).default(24 * 3600),
  /**
   * Ferry's own: scan every uploaded file with ClamAV's clamd listening here, "tcp://host:port" or a unix socket's
   * path; '': no scanning. End-to-end encrypted files cannot be scanned (docs/scanning.md).
   */
  ClamdAddress: z
    .string()
    .trim()
    .default('')
    .transform((address, ctx) => {
      if (address === '') return undefined;
      const parsed = parseClamdAddress(address);
      if (!parsed) ctx.addIssue({ code: 'custom', message: 'must be "tcp://host:port" or the absolute path of a unix socket' });
      return parsed;
    }),
  /** What a file the scanner finds infected becomes: refused (its bytes deleted), or kept in quarantine, never served. */
  ClamdInfected: z.enum(['refuse', 'quarantine'], { error: 'must be "refuse" or "quarantine"' }).default('refuse'),
  /** When clamd cannot be reached, fails or refuses the file's size: refuse the file (fail closed), or accept it unscanned. */
  ClamdOnError: z.enum(['refuse', 'accept'], { error: 'must be "refuse" or "accept"' }).default('refuse'),
  /** Seconds clamd may take to accept a connection, and to answer once a file's last byte is sent. */
  ClamdTimeout: seconds.pipe(z.number().min(1, 'must be at least one second')).default(60),
  /**
   * Webhooks (docs/notifications.md) may call endpoints on loopback, private and link-local addresses, and plain
   * http ones. Off: such endpoints are refused, when registered and again when called (against DNS rebinding).
   */
  WebhookAllowPrivate: boolean.default(false),
  /** Attempts at a webhook call or an email before it is given up; each waits twice the last (WebhookRetryDelay first). */
  WebhookMaxAttempts: integer(1, 30).default(8),
  WebhookRetryDelay: seconds.pipe(z.number().min(1, 'must be at least one second')).default(30),
  /** Emails (docs/notifications.md) go through this SMTP server; '': no emails. */
  SmtpHost: z.string().trim().default(''),
  SmtpPort: integer(1, 65535).default(587),
  /** Credentials, when the server asks for them ('' : none). */
  SmtpUser: z.string().default(''),
  SmtpPassword: z.string().default(''),
  /** The sender of Ferry's emails, e.g. "Ferry <ferry@example.org>". */
  SmtpFrom: z.string().trim().default(''),
  /** none: plain SMTP; starttls: upgrade after connecting, required (port 587); tls: TLS from the start (port 465). */
  SmtpTls: z.enum(['none', 'starttls', 'tls'], { error: 'must be "none", "starttls" or "tls"' }).default('starttls'),
  /** Accept the SMTP server's certificate without checking it (a self-signed one on the same host). */
  SmtpInsecureSkipVerify: boolean.default(false),
  /** A pino level, or Plik's (DEBUG, INFO, WARNING, CRITICAL), in any case. */
  LogLevel: z
    .string()
    .trim()
    .toLowerCase()
    .transform((level) => PLIK_LOG_LEVELS[level] ?? level)
    .pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: "must be debug, info, warning, critical (Plik's) or a pino level: fatal, error, warn, trace, silent",
      }),
    )
    .default('info'),
  /** Plik's: true logs at debug level, whatever LogLevel says. */
  Debug: boolean.default(false),
});

/** The options with the rules that tie several together. */
export const configSchema = optionsSchema
  .refine((c) => !c.SslEnabled || c.SslCert !== '', {
    path: ['SslCert'],
    message: "is required when SslEnabled is true: the certificate's PEM file",
  })
  .refine((c) => !c.SslEnabled || c.SslKey !== '', {
    path: ['SslKey'],
    message: "is required when SslEnabled is true: the private key's PEM file",
  })
  .refine((c) => c.SourceIpHeader === '' || typeof c.TrustedProxies === 'number' || c.TrustedProxies.length > 0, {
    path: ['SourceIpHeader'],
    message:
      'is read only from the proxies in TrustedProxies: set TrustedProxies too (e.g. ["127.0.0.1/32"]), or leave SourceIpHeader empty',
  })
  // As Plik 1.4: the bootstrap admin signs in with a password, which needs accounts and the login form.
  .refine((c) => c.DefaultAdminLogin === '' || (c.FeatureAuthentication !== 'disabled' && c.FeatureLocalLogin !== 'disabled'), {
    path: ['DefaultAdminLogin'],
    message: 'is set, but a local admin could not sign in: FeatureAuthentication and FeatureLocalLogin must not be disabled',
  })
  .refine(someWayIn, {
    path: ['FeatureLocalLogin'],
    message: 'is disabled and no sign-in provider is set up, so no one could sign in: enable it, or set up Google, GitHub, OVH or OIDC',
  })
  .refine((c) => c.LdapUrl === '' || c.LdapSearchBase !== '', {
    path: ['LdapSearchBase'],
    message: 'is required when LdapUrl is set: where users are searched for, e.g. "ou=people,dc=example,dc=org"',
  })
  // LDAP users sign in through the login form, which these switch off.
  .refine((c) => c.LdapUrl === '' || (c.FeatureAuthentication !== 'disabled' && c.FeatureLocalLogin !== 'disabled'), {
    path: ['LdapUrl'],
    message: 'is set, but LDAP users sign in through the login form: FeatureAuthentication and FeatureLocalLogin must not be disabled',
  })
  .refine((c) => !c.LdapStartTls || c.LdapUrl.startsWith('ldap://'), {
    path: ['LdapStartTls'],
    message: 'needs an ldap:// LdapUrl: an ldaps:// one is TLS from the start',
  })
  .refine((c) => c.LdapBindDn === '' || c.LdapBindPassword !== '', {
    path: ['LdapBindPassword'],
    message: 'is required when LdapBindDn is set: a bind with a DN and no password is an anonymous one',
  })
  .refine((c) => c.Encryption !== 'server' || c.EncryptionKey !== '', {
    path: ['EncryptionKey'],
    message: 'is required when Encryption is "server"',
  })
  // Queued emails may carry a password-reset link: they are sealed with the server's key while they wait.
  .refine((c) => c.SmtpHost === '' || c.EncryptionKey !== '', {
    path: ['SmtpHost'],
    message: 'needs EncryptionKey: the emails waiting to be sent are sealed with it in the metadata store',
  })
  // TOTP secrets are sealed with the server's key: without one nobody could enrol, and the policy could not be met.
  .refine((c) => c.TwoFactorRequired === 'none' || c.EncryptionKey !== '', {
    path: ['TwoFactorRequired'],
    message: 'needs EncryptionKey: two-factor secrets are sealed with it in the metadata store',
  })
  .refine((c) => c.SmtpHost === '' || c.SmtpFrom !== '', {
    path: ['SmtpFrom'],
    message: 'is required when SmtpHost is set: the sender of Ferry\'s emails, e.g. "Ferry <ferry@example.org>"',
  })
  // Uploads that do not choose get Encryption's mode, which forced would then refuse: POST / and every plain client.
  .refine((c) => c.FeatureEncryption !== 'forced' || c.Encryption !== 'none', {
    path: ['Encryption'],
    message: 'must be "server" or "link" when FeatureEncryption is "forced": uploads that do not choose get this mode',
  })
  .refine((c) => c.MaxTTL <= 0 || (c.DefaultTTL > 0 && c.DefaultTTL <= c.MaxTTL), {
    path: ['DefaultTTL'],
    message: 'must be positive and no longer than MaxTTL when MaxTTL is set',
  })
  .refine((c) => c.DataBackend !== 's3' || c.DataBackendConfig.Bucket !== '', {
    path: ['DataBackendConfig', 'Bucket'],
    message: 'is required when DataBackend is "s3"',
  })
  // The proxies serve the files folder; an S3 server, the bucket: each offload needs its own data backend.
  .refine((c) => !['nginx', 'caddy'].includes(c.DownloadOffload) || c.DataBackend === 'file', {
    path: ['DownloadOffload'],
    message: 'nginx and caddy serve the files folder, and DataBackend is "s3": use "s3-presigned" to let clients fetch from the bucket',
  })
  .refine((c) => c.DownloadOffload !== 's3-presigned' || c.DataBackend === 's3', {
    path: ['DownloadOffload'],
    message: '"s3-presigned" redirects clients to the bucket, and DataBackend is "file": use "nginx" or "caddy" to offload from the folder',
  })
  .refine((c) => c.DownloadOffload !== 's3-presigned' || c.DataBackendConfig.SSE !== 'C', {
    path: ['DownloadOffload'],
    message:
      'cannot be "s3-presigned" with SSE "C": a GET of an SSE-C object needs the key in its headers, which no client following a link has',
  })
  .refine((c) => c.DownloadOffload === 'none' || c.FeatureEncryption !== 'forced', {
    path: ['DownloadOffload'],
    message: 'has nothing to offload when FeatureEncryption is "forced": encrypted files always go through Ferry, which decrypts them',
  })
  // Gokapi's spelling of the size limit, in megabytes, wins over MaxFileSize when set; Plik's Debug over LogLevel.
  .transform(({ MaxFileSizeMB, Debug, ...rest }) => ({
    ...rest,
    MaxFileSize: MaxFileSizeMB !== undefined ? MaxFileSizeMB * 1024 * 1024 : rest.MaxFileSize,
    LogLevel: Debug ? ('debug' as const) : rest.LogLevel,
  }))
  .refine((c) => c.DataBackend !== 's3' || c.MaxFileSize <= 0 || c.MaxFileSize <= c.DataBackendConfig.PartSize * S3_MAX_PARTS, {
    path: ['DataBackendConfig', 'PartSize'],
    message: `is too small for MaxFileSize: a file goes to S3 in at most ${S3_MAX_PARTS} parts`,
  });

/** Plik's other spellings of some options (plikd.cfg uses the *Str forms for human-readable values). */
export const OPTION_ALIASES: Record<string, OptionName> = {
  MaxFileSizeStr: 'MaxFileSize',
  DefaultTTLStr: 'DefaultTTL',
  MaxUserSizeStr: 'MaxUserSize',
  MaxTTLStr: 'MaxTTL',
  StreamTimeoutStr: 'StreamTimeout',
};

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type OptionName = keyof z.input<typeof optionsSchema>;
export const OPTION_NAMES = Object.keys(optionsSchema.shape) as OptionName[];

/** FERRY_<OPTION_IN_UPPER_SNAKE_CASE>: ListenPort → FERRY_LISTEN_PORT, MaxTTL → FERRY_MAX_TTL. */
export function envName(option: string): string {
  return `FERRY_${option
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()}`;
}
