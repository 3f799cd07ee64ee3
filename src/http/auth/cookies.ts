// The session and XSRF cookies, named as Plik names them so that Plik's web client and scripts keep working.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedSession } from '../../domain/sessions.js';

export const SESSION_COOKIE = 'plik-session';
export const XSRF_COOKIE = 'plik-xsrf';

/** Cookies scoped to Ferry's path; Secure whenever the client reached Ferry over HTTPS (directly or via a proxy). */
export function cookieOptions(request: FastifyRequest, path: string) {
  return { path: path || '/', sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, session: OpenedSession, path: string): void {
  const options = { ...cookieOptions(request, path), expires: new Date(session.expireAt) };
  reply.setCookie(SESSION_COOKIE, session.cookie, { ...options, httpOnly: true });
  // Readable by the page's script, which copies it into X-XSRFToken; other sites cannot read it.
  reply.setCookie(XSRF_COOKIE, session.xsrf, { ...options, httpOnly: false });
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply, path: string): void {
  const options = cookieOptions(request, path);
  reply.clearCookie(SESSION_COOKIE, { ...options, httpOnly: true });
  reply.clearCookie(XSRF_COOKIE, options);
}
