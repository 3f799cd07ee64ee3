import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../helpers/browser.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';

let idp: TestOidcProvider;
let ferry: TestFerry;
/** Ferrys started by a test, closed at the end. */
const others: TestFerry[] = [];

const ACCOUNTS = {
  alice: { email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' },
  bob: { email: 'bob@other.org', email_verified: true, name: 'Bob' },
  mallory: { email: 'mallory@example.com', email_verified: false, name: 'Mallory' },
  // Claims an address and says nothing of verifying it, as a provider that lets users type any email does.
  eve: { email: 'boss@example.com', name: 'Eve' },
};

beforeAll(async () => {
  idp = await startOidcProvider(ACCOUNTS);
  ferry = await startFerryWith({ OIDCValidDomains: ['example.com'] });
});
afterAll(async () => {
  await Promise.all([ferry, ...others].map((f) => f.close()));
  await idp.close();
});

/** A Ferry with OpenID Connect and "Google" both pointed at the loopback provider. */
async function startFerryWith(options: Record<string, unknown> = {}): Promise<TestFerry> {
  const started = await startTestFerry({
    FeatureAuthentication: 'enabled',
    OIDCProviderURL: idp.issuer,
    OIDCClientID: idp.clientId,
    OIDCClientSecret: idp.clientSecret,
    OIDCProviderName: 'Test IdP',
    GoogleIssuerURL: idp.issuer,
    GoogleApiClientID: idp.clientId,
    GoogleApiSecret: idp.clientSecret,
    ...options,
  });
  idp.allowRedirects([`${started.url}/auth/oidc/callback`, `${started.url}/auth/google/callback`]);
  if (ferry) others.push(started);
  return started;
}

const isCallback = (url: string) => /\/auth\/(oidc|google)\/callback\?/.test(url);
const loginAs =
  (login: string) =>
  (prompt: string): Record<string, string> =>
    prompt === 'login' ? { login, password: 'any' } : {};

/** Signs in at the provider as `login` and brings the browser back to Ferry's callback; its answer. */
async function signIn(browser: Browser, on: TestFerry, provider: 'oidc' | 'google', login: string): Promise<Response> {
  const start = await browser.request(`${on.url}/auth/${provider}/login`);
  expect(start.status, await start.clone().text()).toBe(200);
  const callback = await browser.walkTo(await start.text(), isCallback, loginAs(login));
  return browser.request(callback);
}

async function me(browser: Browser, on: TestFerry): Promise<Response> {
  return fetch(`${on.url}/me`, { headers: { Cookie: browser.cookieHeader(on.url) } });
}

describe('OpenID Connect sign-in', () => {
  it('/config says it is on, with the name for its button', async () => {
    const config = await (await fetch(`${ferry.url}/config`)).json();
    expect(config).toMatchObject({
      oidcAuthentication: true,
      oidcProviderName: 'Test IdP',
      googleAuthentication: true,
      ovhAuthentication: false,
    });
  });

  it('answers the consent URL with PKCE, state and nonce, and keeps them in an HttpOnly cookie for the callback', async () => {
    const response = await fetch(`${ferry.url}/auth/oidc/login`);
    expect(response.status).toBe(200);
    const consent = new URL(await response.text());
    expect(consent.origin).toBe(idp.issuer);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('redirect_uri')).toBe(`${ferry.url}/auth/oidc/callback`);
    for (const param of ['code_challenge', 'state', 'nonce']) expect(consent.searchParams.get(param)).toBeTruthy();
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ferry-oidc-sign-in='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/auth\/oidc/);
    // Sealed: the PKCE verifier is not readable from the cookie.
    expect(cookie).not.toContain(consent.searchParams.get('state'));
  });

  it('sends a browser that opens the login URL straight to the provider', async () => {
    for (const init of [{}, { headers: { Accept: 'text/html' } }]) {
      const url = init.headers ? `${ferry.url}/auth/oidc/login` : `${ferry.url}/auth/oidc/login?redirect=1`;
      const response = await fetch(url, { ...init, redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    }
  });

  it('ends in a Ferry session on the web page, creating the user once', async () => {
    const browser = new Browser();
    const back = await signIn(browser, ferry, 'oidc', 'alice');
    expect(back.status, await back.clone().text()).toBe(302);
    expect(back.headers.get('location')).toBe('/#/login');
    expect(back.headers.getSetCookie().some((c) => /^ferry-oidc-sign-in=;/.test(c))).toBe(true);
    const user = await (await me(browser, ferry)).json();
    expect(user).toMatchObject({
      id: 'oidc:alice@example.com',
      provider: 'oidc',
      login: 'alice@example.com',
      email: 'alice@example.com',
      name: 'Alice Liddell',
    });

    // The session works for changes too, with the XSRF cookie it came with.
    const token = await fetch(`${ferry.url}/me/token`, {
      method: 'POST',
      headers: {
        Cookie: browser.cookieHeader(ferry.url),
        'X-XSRFToken': browser.cookie(ferry.url, 'plik-xsrf')!,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ comment: 'from an OIDC session' }),
    });
    expect(token.status).toBe(200);

    const again = new Browser();
    expect((await signIn(again, ferry, 'oidc', 'alice')).status).toBe(302);
    expect((await (await me(again, ferry)).json()).createdAt).toBe(user.createdAt);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const victim = new Browser();
    expect((await victim.request(`${ferry.url}/auth/oidc/login`)).status).toBe(200);
    // The attacker signs in at the provider and hands the victim their own callback URL.
    const attacker = new Browser();
    const start = await attacker.request(`${ferry.url}/auth/oidc/login`);
    const callback = await attacker.walkTo(await start.text(), isCallback, loginAs('alice'));
    const forged = await victim.request(callback);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toBe('invalid oauth2 state, start again from the login page\n');
    expect((await me(victim, ferry)).status).toBe(401);

    const noCookie = await fetch(callback);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toBe('missing sign-in state cookie, start again from the login page\n');
    // The state is used once: the same answer cannot be replayed.
    expect((await attacker.request(callback)).status).toBe(302);
    expect((await attacker.request(callback)).status).toBe(400);
  });

  it('refuses to create a user whose email domain is not allowed, with a clear 403', async () => {
    const response = await signIn(new Browser(), ferry, 'oidc', 'bob');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('unauthorized domain name\n');
    expect(await ferry.services.users.find('oidc:bob@other.org')).toBeUndefined();
  });

  it('does not trust an email the provider has not verified', async () => {
    const response = await signIn(new Browser(), ferry, 'oidc', 'mallory');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('unauthorized domain name\n');
  });

  it("takes an email without email_verified for no one's: such a user is known by subject and issuer", async () => {
    const open = await startFerryWith();
    await open.services.users.create({ provider: 'oidc', login: 'boss@example.com', isAdmin: true });
    const browser = new Browser();
    expect((await signIn(browser, open, 'oidc', 'eve')).status).toBe(302);
    const user = await (await me(browser, open)).json();
    expect(user).toMatchObject({ provider: 'oidc', login: expect.stringMatching(/^eve#[0-9a-f]{12}$/), email: '', admin: false });
    expect(user.id).not.toBe('oidc:boss@example.com');
    // Google's users are known by a verified email only.
    const google = await signIn(new Browser(), open, 'google', 'eve');
    expect([google.status, await google.text()]).toEqual([403, 'your Google account has no verified email address\n']);
  });

  it("with OIDCTrustUnverifiedEmail, takes the provider's word for the email", async () => {
    const trusting = await startFerryWith({ OIDCTrustUnverifiedEmail: true });
    await trusting.services.users.create({ provider: 'oidc', login: 'boss@example.com', name: 'Boss' });
    const browser = new Browser();
    expect((await signIn(browser, trusting, 'oidc', 'eve')).status).toBe(302);
    expect(await (await me(browser, trusting)).json()).toMatchObject({ id: 'oidc:boss@example.com', name: 'Boss' });
  });

  it("with OIDCRequireVerifiedEmail (Plik 1.4's), refuses the users whose email the provider did not verify", async () => {
    const strict = await startFerryWith({ OIDCRequireVerifiedEmail: true });
    for (const unverified of ['eve', 'mallory']) {
      const refused = await signIn(new Browser(), strict, 'oidc', unverified);
      expect([unverified, refused.status, await refused.text()]).toEqual([
        unverified,
        403,
        'your Test IdP account has no verified email address\n',
      ]);
    }
    expect((await signIn(new Browser(), strict, 'oidc', 'alice')).status).toBe(302);
  });

  it('with AuthCreateUsers = false, lets in only users an administrator created', async () => {
    const closed = await startFerryWith({ AuthCreateUsers: false });
    const refused = await signIn(new Browser(), closed, 'oidc', 'alice');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('user oidc:alice@example.com is not registered on this server, ask an administrator to create it\n');

    await closed.services.users.create({ provider: 'oidc', login: 'alice@example.com', isAdmin: true });
    const browser = new Browser();
    expect((await signIn(browser, closed, 'oidc', 'alice')).status).toBe(302);
    expect(await (await me(browser, closed)).json()).toMatchObject({ id: 'oidc:alice@example.com', admin: true });
  });

  it('says so when it is off', async () => {
    const off = await startTestFerry({ FeatureAuthentication: 'enabled' });
    const noAuth = await startTestFerry({ OIDCProviderURL: idp.issuer, OIDCClientID: 'x', OIDCClientSecret: 'y' });
    others.push(off, noAuth);
    const disabled = await fetch(`${off.url}/auth/oidc/login`);
    expect(disabled.status).toBe(400);
    expect(await disabled.text()).toBe('OpenID Connect authentication is disabled\n');
    expect(await (await fetch(`${noAuth.url}/auth/oidc/login`)).text()).toBe('authentication is disabled\n');
    expect(await (await fetch(`${off.url}/config`)).json()).toMatchObject({ oidcAuthentication: false, googleAuthentication: false });
  });
});

describe('Google sign-in', () => {
  it("goes through the same OpenID Connect flow, with Plik's user ids", async () => {
    const browser = new Browser();
    const start = await browser.request(`${ferry.url}/auth/google/login`);
    expect(new URL(await start.clone().text()).searchParams.get('redirect_uri')).toBe(`${ferry.url}/auth/google/callback`);
    const callback = await browser.walkTo(await start.text(), isCallback, loginAs('alice'));
    const back = await browser.request(callback);
    expect(back.status).toBe(302);
    expect(await (await me(browser, ferry)).json()).toMatchObject({
      id: 'google:alice@example.com',
      provider: 'google',
      email: 'alice@example.com',
    });
  });

  it('keeps GoogleValidDomains', async () => {
    const strict = await startFerryWith({ GoogleValidDomains: 'example.com' });
    const response = await signIn(new Browser(), strict, 'google', 'bob');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('unauthorized domain name\n');
    expect((await signIn(new Browser(), strict, 'google', 'alice')).status).toBe(302);
  });

  it('answers 503, not a session, when the provider cannot be reached', async () => {
    const unreachable = await startTestFerry({
      FeatureAuthentication: 'enabled',
      GoogleIssuerURL: 'http://127.0.0.1:1',
      GoogleApiClientID: 'x',
      GoogleApiSecret: 'y',
    });
    others.push(unreachable);
    const response = await fetch(`${unreachable.url}/auth/google/login`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('unable to sign in with Google, try again later\n');
  });
});
