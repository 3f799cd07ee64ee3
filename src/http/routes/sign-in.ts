// GET /auth/{oidc,google,github,ovh}/login and /callback: signing in with an account elsewhere, ending, as a local
// sign-in does, in a Ferry session. As Plik does, /login answers the provider's URL as text for the web page's
// script to go to; a browser that opens it directly (Accept: text/html, or ?redirect=1) is sent there at once.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest, FerryError } from '../../model/errors.js';
import { ExternalAccounts } from '../../domain/external-accounts.js';
import { checkSignInPossible } from '../../domain/users.js';
import { setSessionCookies } from '../auth/cookies.js';
import type { SignInProvider } from '../auth/sign-in-provider.js';
import { SignInState } from '../auth/sign-in-state.js';
import { fromBrowser } from '../errors.js';
import type { RouteServices } from '../http-options.js';

const loginQuery = Type.Object({
  redirect: Type.Optional(Type.String({ maxLength: 8, description: '1 or true: a redirect to the provider, not its URL as text' })),
});
type LoginRequest = FastifyRequest<{ Querystring: Static<typeof loginQuery> }>;

const tags = ['Sign-in'];
const loginSchema = { tags, querystring: loginQuery };

export async function signInRoutes(app: FastifyInstance, { http, users, sessions }: RouteServices) {
  const accounts = new ExternalAccounts(users, {
    createUsers: http.signIn.createUsers,
    validDomains: http.signIn.validDomains,
  });
  // Stale cookies must not stand in the way of signing in.
  const routeConfig = { skipAuthentication: true };

  for (const provider of http.signIn.providers) {
    const base = `/auth/${provider.name}`;
    const state = new SignInState(`ferry-${provider.name}-sign-in`, provider.secret, `${http.basePath}${base}`);
    const ensureEnabled = () => {
      checkSignInPossible(http.authentication);
      if (!provider.enabled) throw badRequest(`${provider.label} authentication is disabled`);
    };

    app.get(
      `${base}/login`,
      {
        schema: { ...loginSchema, summary: `Start signing in with ${provider.label}: its URL as text, or a redirect to it` },
        config: routeConfig,
      },
      async (request: LoginRequest, reply) => {
        ensureEnabled();
        const callbackUrl = `${request.protocol}://${request.host}${http.basePath}${base}/callback`;
        const started = await unexpected(request, provider, () => provider.start(callbackUrl));
        await state.save(request, reply, { ...started.state, callbackUrl });
        reply.header('Cache-Control', 'no-store');
        if (wantsRedirect(request)) return reply.redirect(started.url, 302);
        return reply.type('text/plain; charset=utf-8').send(started.url);
      },
    );

    app.get(
      `${base}/callback`,
      {
        schema: { tags, summary: `Where ${provider.label} sends the browser back: a session, and a redirect to the page` },
        config: routeConfig,
      },
      async (request, reply) => {
        ensureEnabled();
        const saved = await state.take(request, reply);
        // The provider answers on the URL the sign-in started with, which is also what the token request must name.
        if (!saved.callbackUrl) throw badRequest('invalid sign-in state, start again from the login page');
        const currentUrl = new URL(saved.callbackUrl);
        currentUrl.search = new URL(request.url, 'http://ferry').search;
        const identity = await unexpected(request, provider, () => provider.finish(currentUrl, saved));
        const user = await accounts.signIn(identity);
        setSessionCookies(request, reply, await sessions.open(user), http.basePath);
        reply.header('Cache-Control', 'no-store');
        // Plik's web page picks the session up on its login view.
        return reply.redirect(`${http.basePath}/#/login`, 302);
      },
    );
  }
}

const wantsRedirect = (request: LoginRequest) => ['1', 'true'].includes(request.query.redirect ?? '') || fromBrowser(request);

/** A failure that is not a refusal (the provider unreachable, or answering wrongly) is logged, not shown. */
async function unexpected<T>(request: FastifyRequest, provider: SignInProvider, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof FerryError) throw err;
    request.log.error({ err, provider: provider.name }, 'sign-in provider failed');
    throw new FerryError('unavailable', `unable to sign in with ${provider.label}, try again later`);
  }
}
