// Works out who is asking, before any route runs: a user's upload token (X-PlikToken) or a session cookie.
// Nothing here refuses anonymous requests; routes that need a user say so with requireUser / requireAdmin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureValue } from '../../config/schema.js';
import { forbidden, unauthorized } from '../../domain/errors.js';
import type { User } from '../../domain/model.js';
import type { SessionService } from '../../domain/sessions.js';
import type { TokenService } from '../../domain/tokens.js';
import type { Requester } from '../../domain/uploads.js';
import type { UserService } from '../../domain/users.js';
import { SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    requester: Requester;
  }
  interface FastifyContextConfig {
    /** Routes that must work whatever stale cookie the browser sends (signing in and out). */
    skipAuthentication?: boolean;
  }
}

export interface AuthenticationServices {
  authentication: FeatureValue;
  tokens: TokenService;
  sessions: SessionService;
  users: UserService;
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthentication(app: FastifyInstance, services: AuthenticationServices): void {
  app.decorateRequest('requester', null as unknown as Requester);
  // After the body is parsed, before it is validated: who is asking is settled before what they sent is judged.
  app.addHook('preValidation', async (request) => {
    request.requester = { remoteIp: request.ip };
    if (services.authentication === 'disabled' || request.routeOptions.config?.skipAuthentication) return;
    const token = header(request, 'x-pliktoken');
    const cookie = request.cookies[SESSION_COOKIE];
    if (token !== undefined) {
      const resolved = await services.tokens.resolve(token);
      request.requester = { remoteIp: request.ip, user: resolved.user, tokenId: resolved.token.token };
    } else if (cookie) {
      const changesState = !READ_ONLY_METHODS.has(request.method);
      const { user } = await services.sessions.resolve(cookie, header(request, 'x-xsrftoken'), changesState);
      request.requester = { remoteIp: request.ip, user: await impersonated(request, user, services.users) };
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
