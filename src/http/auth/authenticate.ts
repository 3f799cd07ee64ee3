// Works out who is asking, before any route runs: a user's upload token (X-PlikToken) or a session cookie.
// Nothing here refuses anonymous requests; routes that need a user say so with requireUser / requireAdmin.
// A user token is a script's key to uploading, not to the account: a route takes it only if it declares so
// (config.acceptsUserToken), and every other route refuses a request that sends one, here, before the route runs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureValue } from '../../model/features.js';
import { forbidden, unauthorized } from '../../model/errors.js';
import type { User } from '../../model/model.js';
import type { SessionService } from '../../domain/sessions.js';
import { checkApiTokensEnabled, type TokenService } from '../../domain/tokens.js';
import type { Requester } from '../../domain/uploads.js';
import { hasAccounts, type UserService } from '../../domain/users.js';
import { SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    requester: Requester;
  }
  interface FastifyContextConfig {
    /**
     * Routes that answer the same whoever asks (/config), or must work whatever stale cookie the browser sends
     * (signing in and out): no token or cookie is looked at.
     */
    skipAuthentication?: boolean;
    /**
     * The route takes a user token (X-PlikToken): upload routes, and reading one's own account and uploads, which
     * Plik's and Ferry's clients need. Absent: a request with one is refused with 403, as on every account and
     * admin route.
     */
    acceptsUserToken?: boolean;
    /**
     * A public route that tells a signed-in user more (/version, to a server admin): a valid session cookie is read,
     * a stale or forged one is ignored rather than refused, and a user token is never looked at.
     */
    readsSessionIfAny?: boolean;
  }
}

export interface AuthenticationServices {
  authentication: FeatureValue;
  /** FeatureApiTokens: whether X-PlikToken is taken at all. */
  apiTokens: boolean;
  tokens: TokenService;
  sessions: SessionService;
  users: UserService;
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Route options of a route that takes a user token. */
export const ACCEPTS_USER_TOKEN = { acceptsUserToken: true } as const;
/**
 * Route options of a public route, which answers the same whoever asks: clients send their token to it anyway,
 * and a browser whose session ended elsewhere must still load the page's settings.
 */
export const PUBLIC_ROUTE = { skipAuthentication: true } as const;
/** Route options of a public route that answers a signed-in user more. */
export const PUBLIC_ROUTE_READING_SESSION = { readsSessionIfAny: true } as const;

const TOKEN_REFUSED = 'user tokens (X-PlikToken) work on upload routes only: this needs a browser session, sign in on the web page';

export function installAuthentication(app: FastifyInstance, services: AuthenticationServices): void {
  app.decorateRequest('requester', null as unknown as Requester);
  // After the body is parsed, before it is validated: who is asking is settled before what they sent is judged.
  app.addHook('preValidation', async (request) => {
    request.requester = { remoteIp: request.ip };
    const options = request.routeOptions.config;
    if (!hasAccounts(services.authentication) || options?.skipAuthentication) return;
    const token = header(request, 'x-pliktoken');
    const cookie = request.cookies[SESSION_COOKIE];
    if (options?.readsSessionIfAny) {
      if (!cookie || !READ_ONLY_METHODS.has(request.method)) return;
      const resolved = await services.sessions.resolve(cookie, undefined, false).catch(() => undefined);
      if (resolved) request.requester = { remoteIp: request.ip, user: resolved.user, sessionId: resolved.session.idHash };
      return;
    }
    if (token !== undefined) {
      checkApiTokensEnabled(services.apiTokens);
      if (!request.routeOptions.config?.acceptsUserToken) throw forbidden(TOKEN_REFUSED);
      const resolved = await services.tokens.resolve(token);
      request.requester = { remoteIp: request.ip, user: resolved.user, tokenId: resolved.token.hash };
    } else if (cookie) {
      const changesState = !READ_ONLY_METHODS.has(request.method);
      const { user, session } = await services.sessions.resolve(cookie, header(request, 'x-xsrftoken'), changesState);
      request.requester = { remoteIp: request.ip, user: await impersonated(request, user, services.users), sessionId: session.idHash };
    }
  });
}

/** Plik lets a server admin act as another user with X-Plik-Impersonate. */
async function impersonated(request: FastifyRequest, user: User, users: UserService): Promise<User> {
  const target = header(request, 'x-plik-impersonate');
  if (target === undefined) return user;
  if (!user.isAdmin) throw forbidden('you need administrator privileges');
  return users.get(target).catch(() => {
    throw forbidden('user to impersonate does not exists');
  });
}

/** A header's value when it came once. */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function requireUser(request: FastifyRequest): User {
  const user = request.requester.user;
  if (!user) throw unauthorized('you must be authenticated, please login first');
  return user;
}

export function requireAdmin(request: FastifyRequest): User {
  const user = requireUser(request);
  if (!user.isAdmin) throw forbidden('you need administrator privileges');
  return user;
}
