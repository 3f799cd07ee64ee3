// POST /auth/local/login and POST|GET /auth/logout: sessions for the web page (scripts use X-PlikToken instead);
// the login form takes local accounts' passwords and, when LdapUrl is set, the LDAP directory's (a local account
// first: docs/ldap.md). Signing in with an account elsewhere is in sign-in.ts, the second step of a two-factor
// sign-in in two-factor.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest } from '../../model/errors.js';
import { checkLocalLoginEnabled, checkSignInPossible } from '../../domain/users.js';
import { header } from '../auth/authenticate.js';
import { clearSessionCookies, SESSION_COOKIE, setSessionCookies } from '../auth/cookies.js';
import { signInRoutes } from './sign-in.js';
import { twoFactorRoutes } from './two-factor.js';
import type { SecondStep } from '../../protocol/ferry-two-factor.js';
import type { RouteServices } from '../http-options.js';

const loginBody = Type.Object({
  login: Type.Optional(Type.String({ maxLength: 255 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
});
type LoginBody = Static<typeof loginBody>;

const tags = ['Sign-in'];
const loginSchema = {
  tags,
  summary:
    'Sign in with a local or LDAP account: a session cookie, and the XSRF cookie its changes must echo; with two-factor, a challenge for POST /auth/two-factor instead',
  body: loginBody,
};

export async function authRoutes(app: FastifyInstance, services: RouteServices) {
  const { http, users, sessions, ldap } = services;
  const routeConfig = { skipAuthentication: true };

  app.post<{ Body: LoginBody }>('/auth/local/login', { schema: loginSchema, config: routeConfig }, async (request, reply) => {
    checkSignInPossible(http.authentication);
    checkLocalLoginEnabled(http.accounts.localLogin);
    const { login, password } = request.body ?? {};
    if (!login) throw badRequest('missing login');
    if (!password) throw badRequest('missing password');
    const user = await users.verifyLocal(login, password, request.ip, ldap && ((l, p) => ldap.signIn(l, p)));
    const next = await services.twoFactorSignIn.afterFirstFactor(user, 'password');
    // Not signed in yet: the page sends the challenge back with a code (two-factor.ts), or enrols with it first.
    if (next.step !== 'none') {
      reply.header('Cache-Control', 'no-store');
      return { twoFactor: next.step, challenge: next.challenge, expireAt: new Date(next.expireAt).toISOString() } satisfies SecondStep;
    }
    setSessionCookies(request, reply, await sessions.open(user), http.basePath);
    return reply.type('text/plain; charset=utf-8').send('ok');
  });

  app.register(signInRoutes, services);
  app.register(twoFactorRoutes, services);

  // Both need X-XSRFToken, which a link or an image on another site cannot send: POST for Ferry's page, GET for
  // Plik's web client (AngularJS sends the header on every request, GET included).
  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await sessions.close(cookie, header(request, 'x-xsrftoken'));
    clearSessionCookies(request, reply, http.basePath);
    return reply.send();
  };
  app.post('/auth/logout', { schema: { tags, summary: 'Sign out (needs X-XSRFToken)' }, config: routeConfig }, logout);
  app.get(
    '/auth/logout',
    { schema: { tags, summary: "Sign out, as Plik's web client does (needs X-XSRFToken)" }, config: routeConfig },
    logout,
  );
}
