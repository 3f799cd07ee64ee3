// What the HTTP layer is set up with, each part named for what it does: made once from the Config at start, so
// that routes see the options they act on and nothing else of the config (no storage credentials, no keys).
import path from 'node:path';
import type { Branding } from '../config/branding.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/store.js';
import type { Services } from '../domain/services.js';
import type { FeatureValue } from '../model/features.js';
import type { ServerConfig } from '../protocol/plik-wire.js';
import { signInProviders } from './auth/providers.js';
import { findClientBuilds, type ClientBuild } from './client-builds.js';
import type { SignInProvider } from './auth/sign-in-provider.js';
import { downloadOffloadOf, type DownloadOffload } from './download-offload.js';
import { downloadUrlOf } from './download-url.js';
import { publicConfig } from './server-config.js';
import { webAppOf, type WebApp } from './web-app.js';

export interface HttpOptions {
  /** Ferry's place under its host: '' at the root, else '/path' (Path). */
  basePath: string;
  /** DownloadDomain as configured, which Plik's answers repeat (downloadDomain). */
  downloadDomain: string;
  /** The base URL of download links (Plik's downloadURL, public-url.ts), or '' for the host each request came to. */
  downloadURL: string;
  /** The web app's public origin (PlikDomain), or '' for the host each request came to. */
  plikDomain: string;
  /** FeatureAuthentication: whether accounts exist, and whether anonymous uploads may. */
  authentication: FeatureValue;
  /** Plik 1.4's switches: the login form (FeatureLocalLogin), self-deletion, user tokens (FeatureApiTokens). */
  accounts: { localLogin: boolean; deleteOwnAccount: boolean; apiTokens: boolean };
  /** How connections are kept and whose forwarded headers are believed. */
  connections: Pick<Config, 'IdleTimeout' | 'StreamTimeout' | 'MaxConnections' | 'TrustedProxies' | 'SourceIpHeader'>;
  signIn: {
    /** Whether an outside account that signs in for the first time gets a Ferry user (AuthCreateUsers). */
    createUsers: boolean;
    validDomains: { google: string[]; oidc: string[] };
    providers: SignInProvider[];
  };
  /** The folder a custom download page template is read from (DataDir). */
  templateFolder: string;
  /** What GET /config answers: limits and feature flags, in Plik's shape. */
  serverConfig: ServerConfig;
  /** Who sends a checked download's bytes (DownloadOffload): Ferry, the proxy in front, or the S3 server. */
  downloadOffload: DownloadOffload;
  /** Which web app is served at the page paths: Ferry's, another from WebappDirectory, or none (NoWebInterface). */
  webApp: WebApp;
  /** Plik's client binaries offered under /clients/ and listed by GET /version (ClientsDirectory), found once, when first asked. */
  clientBuilds: () => Promise<ClientBuild[]>;
  /** Where the client binaries are, '' for none. */
  clientsFolder: string;
  /** User-Agent fragments of link-preview bots (LinkPreviewBots). */
  linkPreviewBots: string[];
  /** The pages' name, logo, colours, footer and stylesheet (BrandingFile, read at start). */
  branding: Branding;
}

/** What every route plugin is given: the domain's services and the HTTP options. */
export type RouteServices = Services & { http: HttpOptions };

/** `branding`: BrandingFile as read at start (config/branding.ts). `data`: the store the files are in, which presigns their URLs when DownloadOffload is "s3-presigned". */
export function httpOptionsOf(config: Config, data: DataStore, branding: Branding): HttpOptions {
  // As Plik: the binaries are offered with the web interface, not by an API-only server.
  const clientsFolder = config.ClientsDirectory && !config.NoWebInterface ? path.resolve(config.ClientsDirectory) : '';
  let clientBuilds: Promise<ClientBuild[]> | undefined;
  return {
    basePath: config.Path,
    downloadDomain: config.DownloadDomain,
    downloadURL: downloadUrlOf(config),
    plikDomain: config.PlikDomain,
    authentication: config.FeatureAuthentication,
    accounts: {
      localLogin: config.FeatureLocalLogin === 'enabled',
      deleteOwnAccount: config.FeatureDeleteAccount === 'enabled',
      apiTokens: config.FeatureApiTokens === 'enabled',
    },
    connections: {
      IdleTimeout: config.IdleTimeout,
      StreamTimeout: config.StreamTimeout,
      MaxConnections: config.MaxConnections,
      TrustedProxies: config.TrustedProxies,
      SourceIpHeader: config.SourceIpHeader,
    },
    signIn: {
      createUsers: config.AuthCreateUsers,
      validDomains: { google: config.GoogleValidDomains, oidc: config.OIDCValidDomains },
      providers: signInProviders(config),
    },
    templateFolder: config.DataDir,
    // AbuseContact, when set, says where to report abuse; else the brand's contact does.
    serverConfig: { ...publicConfig(config), abuseContact: config.AbuseContact || branding.abuseContact },
    branding,
    downloadOffload: downloadOffloadOf(config, data),
    linkPreviewBots: config.LinkPreviewBots,
    webApp: webAppOf(config),
    clientsFolder,
    clientBuilds: () => (clientBuilds ??= clientsFolder ? findClientBuilds(clientsFolder) : Promise.resolve([])),
  };
}
