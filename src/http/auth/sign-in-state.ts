// What a sign-in with an outside provider must remember between sending the browser away and its return
// (PKCE verifier, state and nonce; OVH's consumer key): an encrypted, HttpOnly, short-lived cookie scoped to the
// callback. It needs no server-side store, so any instance sharing the provider's secret can finish a sign-in
// another one started; encrypted rather than only signed because the verifier and consumer key are credentials.
import { hkdfSync } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../model/errors.js';
import { cookieOptions } from './cookies.js';

/** Time to sign in at the provider. */
const LIFETIME_SECONDS = 600;

export type SavedState = Record<string, string>;

export class SignInState {
  private readonly key: Uint8Array;

  /** `secret` is the provider's client secret, which every instance has; `path` the callback's folder. */
  constructor(
    private readonly cookieName: string,
    secret: string,
    private readonly path: string,
  ) {
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'ferry', `sign-in state ${cookieName}`, 32));
  }

  async save(request: FastifyRequest, reply: FastifyReply, state: SavedState): Promise<void> {
    // jose is loaded by the first sign-in, not at start-up: most servers never use it.
    const { EncryptJWT } = await import('jose');
    const sealed = await new EncryptJWT(state)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .encrypt(this.key);
    reply.setCookie(this.cookieName, sealed, { ...cookieOptions(request, this.path), httpOnly: true, maxAge: LIFETIME_SECONDS });
  }

  /** The state saved by this browser's sign-in, used once: the cookie is cleared whatever happens next. */
  async take(request: FastifyRequest, reply: FastifyReply): Promise<SavedState> {
    const sealed = request.cookies[this.cookieName];
    reply.clearCookie(this.cookieName, { ...cookieOptions(request, this.path), httpOnly: true });
    if (!sealed) throw badRequest('missing sign-in state cookie, start again from the login page');
    const { jwtDecrypt } = await import('jose');
    try {
      const { payload } = await jwtDecrypt(sealed, this.key);
      return Object.fromEntries(Object.entries(payload).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      throw badRequest('invalid or expired sign-in state, start again from the login page');
    }
  }
}
