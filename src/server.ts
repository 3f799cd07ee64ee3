// Puts Ferry together from its config: stores, domain services, HTTP app and background jobs.
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import type { Config } from './config/schema.js';
import { readTlsSettings } from './config/tls.js';
import { encryptedViews } from './data/encryption/views.js';
import { openDataStore } from './data/open.js';
import type { DataBackendStore } from './data/store.js';
import { StreamDataStore } from './data/stream/stream-store.js';
import { ActivityService } from './domain/activity.js';
import { AddressLimits } from './domain/address-limits.js';
import { DownloadService } from './domain/downloads.js';
import { Events, type EventSink } from './domain/events.js';
import { FileService } from './domain/files.js';
import { LinkService } from './domain/links.js';
import { ResumableFileService } from './domain/resumable-files.js';
import type { UploadRules } from './domain/rules.js';
import { SessionService } from './domain/sessions.js';
import { FailureThrottle } from './domain/throttle.js';
import { TokenService } from './domain/tokens.js';
import { UploadService } from './domain/uploads.js';
import { UserService } from './domain/users.js';
import type { Services } from './domain/services.js';
import { buildApp, loggerOptions } from './http/app.js';
import { Cleanup } from './jobs/cleanup.js';
import { openMetadataStore } from './metadata/open.js';
import type { MetadataStore } from './metadata/store.js';

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
}

/** `log` receives the domain's events (uploads, downloads, expiries, deletions); commands may leave them unsaid. */
export async function openServices(config: Config, log?: EventSink): Promise<FerryServices> {
  const events = log ? new Events(log) : Events.none;
  const data = await openDataStore(config);
  const metadata = await openMetadataStore(config);
  const streams = new StreamDataStore(config.StreamTimeout);
  const rules = uploadRules(config);
  // Ten wrong passwords a minute per client and login (or upload), then a minute's wait.
  const activity = new ActivityService(metadata, events);
  const uploads = new UploadService(metadata, rules, new FailureThrottle(10, 60), activity, events);
  const files = new FileService(metadata, data, streams, rules, activity, events);
  const resumable = new ResumableFileService(metadata, data, files, rules, { expiryMs: config.TusUploadExpiry * 1000 });
  const downloads = new DownloadService(metadata, data, streams, rules.encryption, (file) => files.purge(file), activity, events);
  const links = new LinkService(metadata, uploads, files, { hotlinkProtection: config.HotlinkProtection });
  const users = new UserService(metadata, {
    keepUploadsOfDeletedUsers: config.KeepUploadsOfDeletedUsers,
    loginThrottle: new FailureThrottle(10, 60),
  });
  const tokens = new TokenService(metadata);
  const sessions = new SessionService(metadata, config.SessionTimeout);
  const services: Services = {
    config,
    uploads,
    files,
    resumable,
    downloads,
    links,
    users,
    tokens,
    sessions,
    activity,
    addressLimits: rules.addressLimits,
  };
  return { metadata, data, services };
}

/** `logStream`: where log lines go instead of stdout (tests read them). */
export async function startFerry(config: Config, { logStream }: { logStream?: DestinationStream } = {}): Promise<Ferry> {
  const log = logStream ? pino(loggerOptions(config), logStream) : pino(loggerOptions(config));
  const tls = readTlsSettings(config);
  const { metadata, data, services } = await openServices(config, log);
  const app = buildApp(services, log, tls);
  const cleanup = new Cleanup(metadata, data, services.files, services.resumable, app.log);
  try {
    // SQLite is one instance's own database: what it holds half-done was left by that instance's last run.
    if (config.MetadataBackendConfig.Driver.startsWith('sqlite')) await cleanup.recover();
    await app.listen({ host: config.ListenAddress, port: config.ListenPort });
  } catch (err) {
    await metadata.close();
    throw err;
  }
  const stopCleanup = cleanup.start(config.CleanupInterval);
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
      await metadata.close();
    },
  };
}
