// What GET /config answers: the server's limits and feature flags, in the shape and order Plik's clients read them.
import type { Config } from '../config/schema.js';
import type { ServerConfig } from '../protocol/plik-wire.js';
import { TUS_VERSION, tusExtensions, tusMaxSize } from '../protocol/tus.js';
import { signInEnabled } from '../config/sign-in-methods.js';
import { downloadUrlOf } from './download-url.js';

/** The limits and feature flags, in the shape and order Plik's clients read them. */
export function publicConfig(config: Config): ServerConfig {
  const on = (flag: string) => flag !== 'disabled';
  const signIn = signInEnabled(config);
  return {
    maxFileSize: config.MaxFileSize > 0 ? config.MaxFileSize : -1,
    maxUserSize: config.MaxUserSize > 0 ? config.MaxUserSize : -1,
    maxFilePerUpload: config.MaxFilePerUpload,
    defaultTTL: config.DefaultTTL,
    maxTTL: config.MaxTTL,
    downloadDomain: config.DownloadDomain,
    ...(downloadUrlOf(config) && { downloadURL: downloadUrlOf(config) }),
    plikDomain: config.PlikDomain,
    downloadDomainAlias: null,
    streamTimeout: config.StreamTimeout,
    abuseContact: config.AbuseContact,
    feature_authentication: config.FeatureAuthentication,
    feature_local_login: config.FeatureLocalLogin,
    feature_delete_account: config.FeatureDeleteAccount,
    feature_one_shot: config.FeatureOneShot,
    feature_removable: config.FeatureRemovable,
    feature_stream: config.FeatureStream,
    feature_password: config.FeaturePassword,
    feature_comments: config.FeatureComments,
    feature_set_ttl: config.FeatureSetTTL,
    feature_extend_ttl: config.FeatureExtendTTL,
    // As Plik 1.4: where every upload needs an account and no token can be made, no client could upload.
    feature_clients:
      config.FeatureApiTokens === 'disabled' && config.FeatureAuthentication === 'forced' ? 'disabled' : config.FeatureClients,
    feature_api_tokens: config.FeatureApiTokens,
    feature_github: config.FeatureGithub,
    feature_text: config.FeatureText,
    feature_e2ee: config.FeatureE2EE,
    authentication: on(config.FeatureAuthentication),
    noAnonymousUploads: config.FeatureAuthentication === 'forced',
    oneShot: on(config.FeatureOneShot),
    removable: on(config.FeatureRemovable),
    stream: on(config.FeatureStream),
    protectedByPassword: on(config.FeaturePassword),
    googleAuthentication: signIn.google,
    githubAuthentication: signIn.github,
    ovhAuthentication: signIn.ovh,
    ovhApiEndpoint: config.OvhApiEndpoint,
    // Ferry's own: sign-in with any OpenID Connect provider, and the name its button shows.
    oidcAuthentication: signIn.oidc,
    oidcProviderName: config.OIDCProviderName,
    // Ferry's own, from Gokapi: download limits (no server maximum: 0) and encryption at rest.
    feature_download_limit: 'enabled',
    maxDownloads: 0,
    feature_encryption: config.FeatureEncryption,
    encryption: config.Encryption,
    encryptionModes: config.EncryptionKey ? ['server', 'link'] : ['link'],
    hotlinkProtection: config.HotlinkProtection,
    // Ferry's own: resumable uploads, and the size of the pieces to send them in.
    tus: {
      enabled: config.TusEnabled,
      path: config.TusPath,
      version: TUS_VERSION,
      extensions: tusExtensions(config),
      maxSize: tusMaxSize(config),
      chunkSize: config.TusChunkSize,
    },
    // Ferry's own: whether files are scanned, so that the page can say it (and that e2ee files cannot be).
    clamd: { enabled: config.ClamdAddress !== undefined, infected: config.ClamdInfected },
  };
}
