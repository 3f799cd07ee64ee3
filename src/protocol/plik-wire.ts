// Plik's JSON shapes, field for field, each declared once: its TypeScript type for the server, the CLI client and
// the web page, and its JSON schema for Fastify (only the fields declared here can ever be sent) and the API
// document. Imports TypeBox and the model's lists of values only: the web page imports these types without any JavaScript.
import { Type, type Static, type TSchema } from 'typebox';
import { TokenUsageStatsSchema, UserUsageStatsSchema } from './plik-usage-wire.js';
import { IsoTime, Nullable } from './wire-types.js';
import { PREVIEW_KINDS } from '../model/previews.js';

export const PlikFileSchema = Type.Object(
  {
    id: Type.String({ examples: ['Gx7bDyPdqc3yJhRE'] }),
    fileName: Type.String({ examples: ['report.pdf'] }),
    status: Type.String({
      description: 'missing (declared, not sent yet), uploading, uploaded, removed or deleted',
      examples: ['uploaded'],
    }),
    fileMd5: Type.String(),
    fileType: Type.String({ examples: ['application/pdf'] }),
    fileSize: Type.Integer({ description: 'Bytes', examples: [48213] }),
    reference: Type.String({ description: "The client's own name for the file, echoed back" }),
    createdAt: IsoTime,
    remainingDownloads: Nullable(Type.Integer({ description: 'Downloads left before the file goes; null: no limit' })),
    downloadCount: Type.Integer({ description: "Whole downloads served; to the upload's admin only, 0 to anyone else" }),
    lastDownloadedAt: Type.Optional(Type.String({ format: 'date-time', description: "The last one; to the upload's admin only" })),
    uploadOffset: Type.Optional(Type.Integer({ description: "Ferry's: a resumable (tus) file being uploaded: the bytes received so far" })),
    preview: Type.Optional(
      Type.Enum(PREVIEW_KINDS, {
        description: "Ferry's: how GET /preview shows the file; absent: it has no preview",
      }),
    ),
  },
  { title: 'PlikFile', description: "A file of an upload, as Plik's clients read it" },
);
export type PlikFile = Static<typeof PlikFileSchema>;

export const PlikUploadSchema = Type.Object(
  {
    id: Type.String({ examples: ['ZqW3ZpS8uJf6gV2b'] }),
    ttl: Type.Integer({ description: 'Seconds the upload lives; -1: forever', examples: [86400] }),
    extend_ttl: Type.Boolean(),
    downloadDomain: Type.String({ description: 'DownloadDomain as configured' }),
    downloadURL: Type.Optional(
      Type.String({
        description: 'The base URL of file and archive links, when PlikDomain or DownloadDomain is set; else the URL the client used',
      }),
    ),
    e2ee: Type.Optional(
      Type.String({ description: "The scheme its files are encrypted end to end with ('age'); absent: none", examples: ['age'] }),
    ),
    comments: Type.String(),
    files: Type.Array(PlikFileSchema),
    uploadToken: Type.Optional(Type.String({ description: 'To the requester that holds it already (made the upload, or sent it)' })),
    user: Type.Optional(Type.String({ description: "Owner's and admin's lists only: the owner" })),
    token: Type.Optional(Type.String({ description: "Owner's and admin's lists only: the prefix of the user token it was made with" })),
    uploadIp: Type.Optional(Type.String({ description: "Owner's and admin's lists only: the source address" })),
    admin: Type.Boolean({ description: 'The requester may change the upload' }),
    stream: Type.Boolean(),
    oneShot: Type.Boolean(),
    removable: Type.Boolean(),
    protectedByPassword: Type.Boolean(),
    createdAt: IsoTime,
    expireAt: Nullable(Type.String({ format: 'date-time', description: 'null: never expires' })),
    maxDownloads: Type.Integer({ description: "Ferry's (from Gokapi): downloads allowed per file; 0: no limit" }),
    encryption: Type.String({ description: "Ferry's: none, server or link", examples: ['none'] }),
    hotlinkProtection: Type.Boolean({ description: "Ferry's: no hotlink to this upload's files" }),
    downloadCount: Type.Integer({
      description: 'Whole downloads of its files served (a zip: one per file); to its admin only, 0 to anyone else',
    }),
    downloadedBytes: Type.Integer({ description: 'Bytes its files served, Range responses included; to its admin only, 0 to anyone else' }),
    lastDownloadedAt: Type.Optional(Type.String({ format: 'date-time', description: 'The last download; to its admin only' })),
    downloadKey: Type.Optional(
      Type.String({ description: "Link encryption: the secret download links need, in the creation's answer only" }),
    ),
  },
  { title: 'PlikUpload', description: "An upload, as Plik's clients read it" },
);
export type PlikUpload = Static<typeof PlikUploadSchema>;

export const PlikUserSchema = Type.Object(
  {
    id: Type.String({ examples: ['local:alice'] }),
    provider: Type.String({ examples: ['local'] }),
    login: Type.String({ examples: ['alice'] }),
    name: Type.String(),
    email: Type.String(),
    admin: Type.Boolean(),
    maxFileSize: Type.Integer({ description: "Bytes; 0: the server's limit, -1: none" }),
    maxUserSize: Type.Integer({ description: "Bytes; 0: the server's limit, -1: none" }),
    maxTTL: Type.Integer({ description: "Seconds; 0: the server's limit, -1: none" }),
    createdAt: IsoTime,
    theme: Type.String({ description: "The user's web page theme; '' for none chosen" }),
    language: Type.String({ description: "The user's language, a BCP 47 tag; '' for none chosen" }),
    ageRecipient: Type.String({ description: "Ferry's: the age public key senders of the user's file requests encrypt to; '' for none" }),
    twoFactor: Type.Optional(Type.Boolean({ description: "Ferry's: whether the user signs in with a TOTP code too" })),
    stats: Type.Optional(UserUsageStatsSchema),
  },
  { title: 'PlikUser', description: 'A user account (never its password hash)' },
);
export type PlikUser = Static<typeof PlikUserSchema>;

export const PlikTokenSchema = Type.Object(
  {
    token: Type.String({
      description: 'The whole token in the answer to its creation, its prefix after (all that is kept of it in clear)',
    }),
    comment: Type.String(),
    createdAt: IsoTime,
    stats: Type.Optional(TokenUsageStatsSchema),
  },
  { title: 'PlikToken', description: 'A user token, sent as X-PlikToken' },
);
export type PlikToken = Static<typeof PlikTokenSchema>;

/** Plik's page of a list: the results, and the cursors of the pages before and after it. */
export const PagedSchema = <T extends TSchema>(items: T) =>
  Type.Object({
    results: Type.Array(items),
    after: Nullable(Type.String({ description: 'Cursor of the next page; null: none' })),
    before: Nullable(Type.String({ description: 'Cursor of the previous page; null: none' })),
    offset: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer({ description: 'Rows of the whole list, its filters applied (Plik 1.4)' }),
  });
export interface Paged<T> {
  results: T[];
  after: string | null;
  before: string | null;
  offset: number;
  limit: number;
  total: number;
}

/** GET /me/stats and GET /stats (their schemas are in plik-usage-wire.ts, with the usage they carry). */
export type { PlikServerUsageStats as ServerStats, PlikUserUsageStats as UserStats } from './plik-usage-wire.js';

export const VersionSchema = Type.Object(
  {
    version: Type.String({ examples: ['0.1.0'] }),
    // As Plik 1.4: the build details go to server admins' sessions only.
    date: Type.Optional(Type.Integer({ description: 'Admins only: build time (Unix seconds); Ferry says 0' })),
    isRelease: Type.Optional(Type.Boolean({ description: 'Admins only' })),
    isMint: Type.Optional(Type.Boolean({ description: 'Admins only' })),
    host: Type.Optional(Type.String({ description: "Admins only: the server's host name" })),
    nodeVersion: Type.Optional(Type.String({ description: "Admins only, Ferry's: the Node.js version it runs on" })),
    clients: Nullable(
      Type.Array(
        Type.Object({
          name: Type.String({ examples: ['Linux 64bit'] }),
          md5: Type.String(),
          path: Type.String({ description: "Under the server's base URL", examples: ['clients/linux-amd64/plik'] }),
          os: Type.String({ examples: ['linux'] }),
          arch: Type.String({ examples: ['amd64'] }),
        }),
        { description: "Plik's client binaries in ClientsDirectory, which `plik --update` fetches; null: none" },
      ),
    ),
    releases: Nullable(
      Type.Array(Type.Object({}, { additionalProperties: true }), { description: "Plik's releases; Ferry has none: null" }),
    ),
  },
  { title: 'Version' },
);
export type Version = Static<typeof VersionSchema>;

/** Plik's feature switch: enabled, disabled, forced (always on) or default (on unless the client says no). */
export const FeatureValueSchema = Type.Enum(['enabled', 'disabled', 'forced', 'default']);
export type FeatureValue = Static<typeof FeatureValueSchema>;

/** Plik 1.4's switches that are only on or off. */
const SwitchValueSchema = Type.Enum(['enabled', 'disabled']);

const limit = (description: string) => Type.Integer({ description });

export const ServerConfigSchema = Type.Object(
  {
    maxFileSize: limit('Bytes; -1: no limit'),
    maxUserSize: limit('Bytes; -1: no limit'),
    maxFilePerUpload: Type.Integer(),
    defaultTTL: limit('Seconds'),
    maxTTL: limit('Seconds; -1: no limit'),
    downloadDomain: Type.String({ description: 'DownloadDomain as configured' }),
    downloadURL: Type.Optional(
      Type.String({
        description: 'The base URL of file and archive links, when PlikDomain or DownloadDomain is set; else the URL the client used',
      }),
    ),
    plikDomain: Type.String({ description: "PlikDomain: the web app's public origin, '' when unset" }),
    downloadDomainAlias: Nullable(Type.Array(Type.String())),
    streamTimeout: limit('Seconds a stream upload waits for its downloader; 0: for ever'),
    abuseContact: Type.String(),
    feature_authentication: FeatureValueSchema,
    feature_local_login: SwitchValueSchema,
    feature_delete_account: SwitchValueSchema,
    feature_one_shot: FeatureValueSchema,
    feature_removable: FeatureValueSchema,
    feature_stream: FeatureValueSchema,
    feature_password: FeatureValueSchema,
    feature_comments: FeatureValueSchema,
    feature_set_ttl: FeatureValueSchema,
    feature_extend_ttl: FeatureValueSchema,
    feature_clients: FeatureValueSchema,
    feature_api_tokens: SwitchValueSchema,
    feature_github: FeatureValueSchema,
    feature_text: FeatureValueSchema,
    feature_e2ee: FeatureValueSchema,
    authentication: Type.Boolean({ description: 'Plik before 1.3: feature_authentication is not disabled' }),
    noAnonymousUploads: Type.Boolean({ description: 'Plik before 1.3: feature_authentication is forced' }),
    oneShot: Type.Boolean(),
    removable: Type.Boolean(),
    stream: Type.Boolean(),
    protectedByPassword: Type.Boolean(),
    googleAuthentication: Type.Boolean(),
    githubAuthentication: Type.Boolean({ description: 'Plik 1.4: sign-in with GitHub' }),
    ovhAuthentication: Type.Boolean(),
    ovhApiEndpoint: Type.String(),
    oidcAuthentication: Type.Boolean({ description: "Ferry's: sign-in with an OpenID Connect provider" }),
    oidcProviderName: Type.String({ description: "Ferry's: the name the sign-in button shows" }),
    feature_download_limit: FeatureValueSchema,
    maxDownloads: limit("Ferry's: the largest download limit an upload may ask for; 0: none"),
    feature_encryption: FeatureValueSchema,
    encryption: Type.String({ description: "Ferry's: the default encryption mode (none, server, link)" }),
    encryptionModes: Type.Array(Type.String(), { description: "Ferry's: the modes this server can do", examples: [['server', 'link']] }),
    hotlinkProtection: Type.Boolean({ description: "Ferry's: no hotlinks at all on this server" }),
    tus: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Resumable uploads are on' }),
        path: Type.String({ description: "Where the tus routes live, relative to the server's base URL", examples: ['/tus/'] }),
        version: Type.String({ examples: ['1.0.0'] }),
        extensions: Type.Array(Type.String(), {
          examples: [['creation', 'creation-with-upload', 'expiration', 'checksum', 'termination']],
        }),
        maxSize: Type.Integer({ description: 'Bytes a file may have; 0: no limit' }),
        chunkSize: Type.Integer({ description: 'Bytes to send in each PATCH' }),
      },
      { description: "Ferry's: resumable uploads (tus 1.0.0), see the Resumable uploads routes" },
    ),
    clamd: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Uploaded files are scanned for viruses (end-to-end encrypted ones cannot be)' }),
        infected: Type.String({ description: 'What an infected file becomes: refuse, or quarantine (kept, never served)' }),
      },
      { description: "Ferry's: virus scanning with ClamAV's clamd, see docs/scanning.md" },
    ),
  },
  { title: 'ServerConfig', description: 'Limits and feature flags, in the shape and order Plik clients read them' },
);
export type ServerConfig = Static<typeof ServerConfigSchema>;

/** The multipart form of a file upload: the file in a part named "file", its name from the part's filename. */
export const MultipartFileSchema = Type.Object({ file: Type.String({ format: 'binary' }) });

/** GET /stats/activity/daily and /me/stats/activity/daily: Plik 1.4's days, 1 to 31 (30 when not said). */
export const PlikDailyQuerySchema = Type.Object({
  days: Type.Optional(Type.String({ maxLength: 16, description: 'Trailing UTC days, an integer from 1 to 31; 30 when absent' })),
});

export const PlikDailyActivitySchema = Type.Array(
  Type.Object({
    day: Type.String({ description: 'UTC day, YYYY-MM-DD', examples: ['2026-12-01'] }),
    downloads: Type.Integer({ description: 'Whole files served' }),
    downloadedBytes: Type.Integer(),
    uploads: Type.Integer(),
    uploadedBytes: Type.Integer(),
  }),
  { title: 'PlikDailyActivity', description: 'One point per UTC day, oldest first, zero-filled' },
);
export type PlikDailyActivity = Static<typeof PlikDailyActivitySchema>;
