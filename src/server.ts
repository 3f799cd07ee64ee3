// Puts Ferry together from its config: stores, domain services, HTTP app and background jobs.
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config/schema.js';
import { readBranding } from './config/branding.js';
import { ldapSettings } from './config/ldap.js';
import { readTlsSettings } from './config/tls.js';
import { encryptedViews } from './data/encryption/views.js';
import { LdapDirectory } from './directory/ldap.js';
import { openDataStore } from './data/open.js';
import type { DataBackendStore } from './data/store.js';
import { StreamDataStore } from './data/stream/stream-store.js';
import { ActivityService } from './domain/activity.js';
import { UsageStatsService } from './domain/usage-stats.js';
import { AddressLimits } from './domain/address-limits.js';
import { ensureDefaultAdmin } from './domain/default-admin.js';
import { CliSignInService } from './domain/device-sign-in.js';
import { DownloadService } from './domain/downloads.js';
import { Events, type EventSink, type FerryEvent } from './domain/events.js';
import { ExternalAccounts } from './domain/external-accounts.js';
import { FileService } from './domain/files.js';
import { FileRequestService, requestHoldMs } from './domain/file-requests.js';
import { LdapAccounts } from './domain/ldap-accounts.js';
import { ImportService } from './domain/imports.js';
import { LinkService } from './domain/links.js';
import { Notifications } from './domain/notifications.js';
import { PasswordResetService } from './domain/password-resets.js';
import { PasskeyService } from './domain/passkeys.js';
import { InvitationService } from './domain/invitations.js';
import { SecretBox } from './domain/sealed-secrets.js';
import { UploadEmails } from './domain/upload-emails.js';
import { WebhookService } from './domain/webhooks.js';
import { DeliveryWorker } from './jobs/deliveries.js';
import { smtpSender } from './jobs/mail-transport.js';
import { PreviewService } from './domain/previews.js';
import { ResumableFileService } from './domain/resumable-files.js';
import { Scanning } from './domain/scanning.js';
import { serverTotals, type ServerTotals } from './domain/server-totals.js';
import type { UploadRules } from './domain/rules.js';
import { SessionService } from './domain/sessions.js';
import { FailureThrottle } from './domain/throttle.js';
import { TokenService } from './domain/tokens.js';
import { TwoFactorService } from './domain/two-factor.js';
import { TwoFactorSignIn } from './domain/two-factor-sign-in.js';
import { UploadService } from './domain/uploads.js';
import { UserService } from './domain/users.js';
import type { Services } from './domain/services.js';
import { buildApp, loggerOptions } from './http/app.js';
import { httpOptionsOf } from './http/http-options.js';
import { listenForMetrics } from './http/metrics-server.js';
import type { FerryMetrics } from './http/metrics.js';
import { Cleanup } from './jobs/cleanup.js';
import { openMetadataStore } from './metadata/open.js';
import type { MetadataStore } from './metadata/store.js';
import { answers, ClamdScanner, describeClamdAddress } from './scan/clamd.js';

export interface Ferry {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080 (https:// when SslEnabled). */
  url: string;
  metadata: MetadataStore;
  /** The domain services the routes use, for commands and tests that act without HTTP. */
  services: Services;
  cleanup: Cleanup;
  close(): Promise<void>;
}

export function uploadRules(config: Config): UploadRules {
  return {
    authentication: config.FeatureAuthentication,
    oneShot: config.FeatureOneShot,
    removable: config.FeatureRemovable,
    stream: config.FeatureStream,
    password: config.FeaturePassword,
    comments: config.FeatureComments,
    setTtl: config.FeatureSetTTL,
    extendTtl: config.FeatureExtendTTL,
    e2ee: config.FeatureE2EE,
    defaultTtl: config.DefaultTTL,
    maxTtl: config.MaxTTL,
    maxFileSize: config.MaxFileSize,
    maxFilePerUpload: config.MaxFilePerUpload,
    maxUserSize: config.MaxUserSize,
    encryption: {
      defaultMode: config.Encryption,
      feature: config.FeatureEncryption,
      serverKey: config.EncryptionKey ? Buffer.from(config.EncryptionKey, 'base64') : undefined,
      views: encryptedViews,
    },
    deduplication: config.Deduplication,
    addressLimits: new AddressLimits({
      uploadWhitelist: config.UploadWhitelist,
      anonymousUploadsPerMinute: config.AnonymousUploadsPerMinute,
      anonymousBytesPerHour: config.AnonymousBytesPerHour,
      qrCodesPerMinute: config.QRCodesPerMinute,
    }),
  };
}

/** Ferry's stores and domain services, without HTTP: what the server runs on, and what commands act through. */
export interface FerryServices {
  metadata: MetadataStore;
  data: DataBackendStore;
  services: Services;
  /** The queue's sender, which the server starts (commands only queue). */
  deliveries: DeliveryWorker;
  closeMail(): void;
}

/**
 * `log` receives the domain's events (uploads, downloads, expiries, deletions); commands may leave them unsaid.
 * `metrics`: counts the events and times the stores' calls.
 */
export async function openServices(config: Config, log?: EventSink, metrics?: FerryMetrics): Promise<FerryServices> {
  // The notifications observe the events (made below, on the stores the events' services use).
  let notifications: Notifications | undefined;
  const observe = (event: FerryEvent) => {
    metrics?.observeEvent(event);
    notifications?.observe(event);
  };
  const events = log ? new Events(log, observe) : Events.none;
  const opened = await openDataStore(config);
  const data = metrics ? metrics.timed(opened) : opened;
  const metadata = await openMetadataStore(config, { onQuery: metrics?.observeQuery });
  const streams = new StreamDataStore(config.StreamTimeout);
  const rules = uploadRules(config);
  // Ten wrong passwords a minute per client and login (or upload), then a minute's wait.
  const activity = new ActivityService(metadata, events);
  const uploads = new UploadService(metadata, rules, new FailureThrottle(10, 60), activity, events);
  const scanner = config.ClamdAddress && new ClamdScanner(config.ClamdAddress, config.ClamdTimeout * 1000);
  const scanning = new Scanning(scanner || undefined, { infected: config.ClamdInfected, onError: config.ClamdOnError }, events);
  const files = new FileService(metadata, data, streams, rules, activity, events, scanning);
  const resumable = new ResumableFileService(metadata, data, files, rules, { expiryMs: config.TusUploadExpiry * 1000 });
  const downloads = new DownloadService(
    metadata,
    data,
    streams,
    rules.encryption,
    (file) => files.purge(file),
    activity,
    events,
    config.EnableArchiveCompression,
  );
  const links = new LinkService(metadata, uploads, files, { hotlinkProtection: config.HotlinkProtection });
  const users = new UserService(metadata, {
    keepUploadsOfDeletedUsers: config.KeepUploadsOfDeletedUsers,
    loginThrottle: new FailureThrottle(10, 60),
    passwords: { minLength: config.PasswordMinLength, refuseCommon: config.RefuseCommonPasswords },
  });
  const ldap = ldapSettings(config);
  const ldapAccounts =
    ldap &&
    new LdapAccounts(
      new LdapDirectory(ldap),
      new ExternalAccounts(users, { createUsers: config.AuthCreateUsers, validDomains: {} }),
      users,
    );
  const tokens = new TokenService(metadata);
  const sessions = new SessionService(metadata, config.SessionTimeout);
  const box = config.EncryptionKey ? new SecretBox(Buffer.from(config.EncryptionKey, 'base64')) : undefined;
  const sink = log ?? Events.silent;
  const mail = config.SmtpHost ? await smtpSender(config) : undefined;
  const deliveries = new DeliveryWorker(
    metadata,
    {
      box,
      sendMail: mail?.send,
      allowPrivate: config.WebhookAllowPrivate,
      maxAttempts: config.WebhookMaxAttempts,
      retryDelayMs: config.WebhookRetryDelay * 1000,
    },
    sink,
  );
  const webBase = config.PlikDomain ? `${config.PlikDomain}${config.Path}` : '';
  notifications = new Notifications(metadata, { box, mail: mail !== undefined, rules, webBase, queued: deliveries.wake }, sink);
  const twoFactor = new TwoFactorService(metadata, {
    box: config.EncryptionKey ? new SecretBox(Buffer.from(config.EncryptionKey, 'base64'), 'ferry two-factor secrets v1') : undefined,
    throttle: new FailureThrottle(10, 60),
    events,
  });
  const services: Services = {
    uploads,
    files,
    resumable,
    downloads,
    previews: new PreviewService(downloads),
    links,
    users,
    ldap: ldapAccounts || undefined,
    tokens,
    sessions,
    cliSignIns: new CliSignInService(metadata, tokens),
    activity,
    usage: new UsageStatsService(metadata, activity),
    addressLimits: rules.addressLimits,
    notifications,
    webhooks: new WebhookService(metadata, notifications, { box, allowPrivate: config.WebhookAllowPrivate }),
    passwordResets: new PasswordResetService(metadata, users, notifications),
    uploadEmails: new UploadEmails(metadata, notifications),
    requests: new FileRequestService(
      metadata,
      uploads,
      files,
      rules.encryption,
      new FailureThrottle(10, 60),
      requestHoldMs(config.IdleTimeout),
      events,
    ),
    imports: new ImportService(metadata, data, rules.encryption),
    twoFactor,
    twoFactorSignIn: new TwoFactorSignIn(metadata, twoFactor, config.TwoFactorRequired),
    passkeys: new PasskeyService(metadata),
    invitations: new InvitationService(metadata, users, notifications, {
      byUsers: config.InvitationsByUsers,
      localAccounts: config.FeatureAuthentication !== 'disabled' && config.FeatureLocalLogin !== 'disabled',
      webBase,
    }),
  };
  return { metadata, data, services, deliveries, closeMail: () => mail?.close() };
}

/** `logStream`: where log lines go instead of stdout (tests read them). */
export async function startFerry(config: Config, { logStream }: { logStream?: DestinationStream } = {}): Promise<Ferry> {
  const log = logStream ? pino(loggerOptions(config), logStream) : pino(loggerOptions(config));
  const tls = readTlsSettings(config);
  const branding = readBranding(config.BrandingFile);
  // Made before the services, whose events it counts; it counts their totals once they exist.
  let totals: () => Promise<ServerTotals> = () => Promise.reject(new Error('not started'));
  // prom-client is loaded only by a server that serves metrics.
  const metrics = config.MetricsPort > 0 ? new (await import('./http/metrics.js')).FerryMetrics(() => totals()) : undefined;
  const { metadata, data, services, deliveries, closeMail } = await openServices(config, log, metrics);
  const admin = await ensureDefaultAdmin(services.users, config.DefaultAdminLogin, config.DefaultAdminPassword).catch(async (err) => {
    await metadata.close();
    throw err;
  });
  if (admin.created) {
    // The one password ever logged, as Plik logs it: generated here, for the admin to sign in with and change.
    const password = admin.generatedPassword ? ` with the generated password ${admin.generatedPassword} (change it once signed in)` : '';
    log.warn(`created the admin user ${config.DefaultAdminLogin} (DefaultAdminLogin)${password}`);
  }
  if (config.ClamdAddress) reportClamd(log, config);
  totals = () => serverTotals(services.uploads, services.users);
  const app = buildApp(services, httpOptionsOf(config, data, branding), log, tls);
  metrics?.install(app);
  const cleanup = new Cleanup(
    metadata,
    data,
    services.files,
    services.resumable,
    app.log,
    metrics?.observeCleanup,
    config.CleanupInterval,
    (id) => services.notifications.uploadExpired(id),
  );
  let metricsServer: Server | undefined;
  try {
    // SQLite is one instance's own database: what it holds half-done was left by that instance's last run.
    if (config.MetadataBackendConfig.Driver.startsWith('sqlite')) await cleanup.recover();
    await app.listen({ host: config.ListenAddress, port: config.ListenPort });
    if (metrics) metricsServer = await listenForMetrics(metrics, config.MetricsAddress, config.MetricsPort);
  } catch (err) {
    await app.close();
    await metadata.close();
    throw err;
  }
  const stopCleanup = cleanup.start(config.CleanupInterval);
  const stopDeliveries = deliveries.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.ListenPort;
  const host = config.ListenAddress === '0.0.0.0' || config.ListenAddress === '::' ? '127.0.0.1' : config.ListenAddress;
  return {
    app,
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${config.Path}`,
    metadata,
    services,
    cleanup,
    close: async () => {
      stopCleanup();
      // Node closes the connections that are idle when the server closes; one whose last response was still
      // finishing then stays open until the client's keep-alive ends (about 70 s). Keep closing them as they idle.
      const idle = setInterval(() => app.server.closeIdleConnections(), 50);
      await app.close().finally(() => clearInterval(idle));
      await stopDeliveries();
      closeMail();
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await metadata.close();
    },
  };
}

/** Says at start where files are scanned, and whether clamd answers: a typo in ClamdAddress shows before the first upload. */
function reportClamd(log: Logger, config: Config): void {
  const address = config.ClamdAddress!;
  const where = `virus scanning with clamd at ${describeClamdAddress(address)} (infected files: ${config.ClamdInfected}, on error: ${config.ClamdOnError})`;
  void answers(address, config.ClamdTimeout * 1000).then((alive) => {
    if (alive) log.info(where);
    else
      log.warn(
        `${where}: clamd does not answer now, uploads are ${config.ClamdOnError === 'refuse' ? 'refused' : 'taken unscanned'} until it does`,
      );
  });
}
