// The Fastify application: server-wide settings, error handling, and one plugin per resource.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { Config } from '../config/schema.js';
import type { Services } from '../domain/services.js';
import type { TlsSettings } from '../config/tls.js';
import { installAuthentication } from './auth/authenticate.js';
import { ErrorPages } from './error-page.js';
import type { HttpOptions } from './http-options.js';
import { installErrorHandling } from './errors.js';
import { acceptEmptyJsonBodies } from './json-body.js';
import { recogniseLinkPreviews } from './link-preview.js';
import { refuseNulCharacters } from './no-nul.js';
import { withoutLinkKey } from './log-redaction.js';
import { PageRenderer } from './page-renderer.js';
import { readSourceIpFrom, trustProxyOption } from './proxy-trust.js';
import { securityHeaders } from './security-headers.js';
import { serializeInDeclaredOrder } from './serializer.js';
import { adminRoutes } from './routes/admin.js';
import { registerApiDocument } from './routes/api-document.js';
import { archiveRoutes } from './routes/archive.js';
import { authRoutes } from './routes/auth.js';
import { brandingRoutes } from './routes/branding.js';
import { cliAuthRoutes } from './routes/cli-auth.js';
import { downloadPageRoutes } from './routes/download-page.js';
import { downloadRoutes } from './routes/downloads.js';
import { fileRoutes } from './routes/files.js';
import { gokapiApiRoutes } from './routes/gokapi-api.js';
import { hotlinkRoutes } from './routes/hotlinks.js';
import { meRoutes } from './routes/me.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { pingvinLinkRoutes } from './routes/pingvin-links.js';
import { passkeyRoutes } from './routes/passkeys.js';
import { invitationRoutes } from './routes/invitations.js';
import { uploadEmailRoutes } from './routes/upload-emails.js';
import { webhookRoutes } from './routes/webhooks.js';
import { previewRoutes } from './routes/previews.js';
import { ageHeaderRoutes } from './routes/age-headers.js';
import { clientRoutes } from './routes/clients.js';
import { qrcodeRoutes } from './routes/qrcode.js';
import { requestRoutes } from './routes/requests.js';
import { serverInfoRoutes } from './routes/server-info.js';
import { statsRoutes } from './routes/stats.js';
import { tusRoutes } from './routes/tus.js';
import { uploadRoutes } from './routes/uploads.js';
import { webRoutes } from './routes/web.js';
import { ferryAssetsPath } from './web-app.js';

/** The one logger's settings: the requests' log lines and the domain's events go through it. */
export function loggerOptions(config: Config): LoggerOptions {
  return {
    level: config.LogLevel,
    redact: [
      'req.headers.authorization',
      'req.headers["x-uploadtoken"]',
      'req.headers["x-pliktoken"]',
      'req.headers.apikey',
      'req.headers.cookie',
    ],
    // A link-encryption secret travels in the query string: it never reaches a log line.
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: withoutLinkKey(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/** `logger`: the one logger (made with loggerOptions), shared with the domain's events; `tls`: serve HTTPS. */
export function buildApp(domain: Services, http: HttpOptions, logger: FastifyBaseLogger, tls?: TlsSettings): FastifyInstance {
  const services = { ...domain, http };
  const { connections } = http;
  // An HTTPS server hands the routes the same requests and replies as an HTTP one: one instance type for both.
  const app = Fastify({
    https: tls ?? null,
    loggerInstance: logger,
    // A HEAD derived from GET would run the download, and count a oneShot download: HEAD routes are explicit.
    exposeHeadRoutes: false,
    // File names in URLs may be up to 1024 characters, percent-encoded up to 9 bytes each.
    routerOptions: { maxParamLength: 10_000 },
    bodyLimit: 1024 * 1024,
    // Uploads and downloads of many gigabytes take as long as they take: a whole request has no deadline, while
    // a connection that moves no byte for IdleTimeout is closed (Node's socket timeout, reset by every byte).
    requestTimeout: 0,
    connectionTimeout: connections.IdleTimeout * 1000,
    // Between two requests as well, past Fastify's 72 s (longer than load balancers keep an idle connection).
    keepAliveTimeout: Math.min(72, connections.IdleTimeout || 72) * 1000,
    trustProxy: trustProxyOption(connections),
  }) as unknown as FastifyInstance;
  if (connections.MaxConnections > 0) app.server.maxConnections = connections.MaxConnections;
  readSourceIpFrom(app.server, connections);
  const pages = new PageRenderer(http.basePath, ferryAssetsPath(http.webApp), http.branding, http.serverConfig.abuseContact);
  installErrorHandling(app, new ErrorPages(pages));
  serializeInDeclaredOrder(app);
  app.addHook('onSend', securityHeaders);
  app.register(cookie);
  acceptEmptyJsonBodies(app);
  refuseNulCharacters(app);
  recogniseLinkPreviews(app, http.linkPreviewBots);
  installAuthentication(app, { authentication: http.authentication, apiTokens: http.accounts.apiTokens, ...domain });
  app.register(
    async (scope) => {
      registerApiDocument(scope);
      scope.register(serverInfoRoutes, services);
      scope.register(brandingRoutes, services);
      scope.register(qrcodeRoutes, services);
      scope.register(uploadRoutes, services);
      scope.register(fileRoutes, services);
      scope.register(tusRoutes, services);
      scope.register(downloadRoutes, services);
      scope.register(archiveRoutes, services);
      scope.register(hotlinkRoutes, services);
      scope.register(pingvinLinkRoutes);
      scope.register(previewRoutes, services);
      scope.register(ageHeaderRoutes, services);
      scope.register(downloadPageRoutes, { ...services, pages });
      scope.register(gokapiApiRoutes, services);
      scope.register(authRoutes, services);
      scope.register(cliAuthRoutes, services);
      scope.register(meRoutes, services);
      scope.register(webhookRoutes, services);
      scope.register(uploadEmailRoutes, services);
      scope.register(passwordResetRoutes, services);
      scope.register(passkeyRoutes, services);
      scope.register(invitationRoutes, services);
      scope.register(requestRoutes, services);
      scope.register(adminRoutes, services);
      scope.register(statsRoutes, services);
      scope.register(clientRoutes, services);
      scope.register(webRoutes, { webApp: http.webApp, branding: http.branding, downloadURL: http.downloadURL });
    },
    { prefix: http.basePath },
  );
  return app;
}
