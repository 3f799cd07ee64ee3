import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../helpers/browser.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-stand-in.js';

const ACCOUNTS = {
  octocat: {
    id: 583231,
    name: 'The Octocat',
    email: 'octocat@github.com',
    emails: [
      { email: 'octocat@example.com', primary: true, verified: true },
      { email: 'octocat@github.com', primary: false, verified: true },
    ],
    organizations: { Acme: 'active' as const },
  },
  // Shows a public email and has a primary one, neither verified: no email for Ferry.
  mallory: {
    id: 666,
    name: null,
    email: 'boss@example.com',
    emails: [
      { email: 'boss@example.com', primary: true, verified: false },
      { email: 'mallory@example.net', primary: false, verified: true },
    ],
    organizations: { acme: 'pending' as const },
  },
  outsider: { id: 1001, name: 'Out Sider', email: null, emails: [], organizations: { other: 'active' as const } },
  broken: { id: 4242, name: 'Broken', email: null, emails: [], broken: true },
};

let github: GitHubStandIn;
let ferry: TestFerry;
/** Ferrys started by a test, closed at the end. */
const others: TestFerry[] = [];
/** Every log line of the Ferrys started with it: checked for access tokens at the end. */
const logLines: string[] = [];
const logStream = { write: (line: string) => void logLines.push(line) };

const startFerryWith = async (options: Record<string, unknown> = {}) => {
  const started = await startTestFerry(
    {
      FeatureAuthentication: 'enabled',
      GitHubApiClientID: github.clientId,
      GitHubApiSecret: github.clientSecret,
      GitHubURL: github.webUrl,
      GitHubApiURL: github.apiUrl,
      LogLevel: 'info',
      ...options,
    },
    { logStream },
  );
  if (ferry) others.push(started);
  return started;
};

beforeAll(async () => {
  github = await startGitHubStandIn(ACCOUNTS);
  ferry = await startFerryWith();
});
afterAll(async () => {
  await Promise.all([ferry, ...others].map((f) => f?.close()));
  await github?.close();
});

const isCallback = (url: string) => url.includes('/auth/github/callback?');
const me = (browser: Browser, on: TestFerry) => fetch(`${on.url}/me`, { headers: { Cookie: browser.cookieHeader(on.url) } });

/** Signs in at the stand-in as `login` (or declines) and brings the browser back to Ferry's callback; its answer. */
async function signIn(browser: Browser, on: TestFerry, login: string, decision = 'allow'): Promise<Response> {
  const start = await browser.request(`${on.url}/auth/github/login`);
  expect(start.status, await start.clone().text()).toBe(200);
  const callback = await browser.walkTo(await start.text(), isCallback, () => ({ login, decision }));
  return browser.request(callback);
}

describe('GitHub sign-in', () => {
  it('/config says it is on', async () => {
    expect(await (await fetch(`${ferry.url}/config`)).json()).toMatchObject({ githubAuthentication: true, googleAuthentication: false });
  });

  it('answers the authorize URL with PKCE S256, state and the least scope, kept in a sealed HttpOnly cookie', async () => {
    const response = await fetch(`${ferry.url}/auth/github/login`);
    expect(response.status).toBe(200);
    const authorize = new URL(await response.text());
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.webUrl}/login/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: github.clientId,
      redirect_uri: `${ferry.url}/auth/github/callback`,
      scope: 'user:email',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const state = authorize.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ferry-github-sign-in='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/auth\/github/);
    expect(cookie).not.toContain(state);
  });

  it('creates the user known by the account number, with its verified primary email, and finds it again next time', async () => {
    const browser = new Browser();
    const back = await signIn(browser, ferry, 'octocat');
    expect(back.status, await back.clone().text()).toBe(302);
    expect(back.headers.get('location')).toBe('/#/login');
    const user = await (await me(browser, ferry)).json();
    expect(user).toMatchObject({
      id: 'github:583231',
      provider: 'github',
      login: '583231',
      name: 'The Octocat',
      email: 'octocat@example.com',
    });
    // The secret and the PKCE verifier went to the token endpoint, with the redirect URI the sign-in began with.
    expect(github.tokenRequests.at(-1)).toMatchObject({
      client_id: github.clientId,
      client_secret: github.clientSecret,
      redirect_uri: `${ferry.url}/auth/github/callback`,
      code_verifier: expect.stringMatching(/^[\w-]{43}$/),
    });

    const again = new Browser();
    expect((await signIn(again, ferry, 'octocat')).status).toBe(302);
    expect((await (await me(again, ferry)).json()).createdAt).toBe(user.createdAt);
  });

  it('takes no email GitHub has not verified as primary, and the login for a missing name', async () => {
    const browser = new Browser();
    const back = await signIn(browser, ferry, 'mallory');
    expect(back.status, await back.clone().text()).toBe(302);
    expect(await (await me(browser, ferry)).json()).toMatchObject({ id: 'github:666', name: 'mallory', email: '' });
    // A number under 1000 is a login of 3 characters: Plik's minimum of 4 holds for the logins people choose.
    await expect(ferry.services.users.create({ provider: 'local', login: 'abc', password: 'abc-password' })).rejects.toThrow(
      'login is too short (min 4 chars)',
    );
  });

  it('refuses a callback whose state is not the one this browser started with, and a replayed one', async () => {
    const victim = new Browser();
    expect((await victim.request(`${ferry.url}/auth/github/login`)).status).toBe(200);
    // The attacker authorizes at GitHub and hands the victim their own callback URL.
    const attacker = new Browser();
    const start = await attacker.request(`${ferry.url}/auth/github/login`);
    const callback = await attacker.walkTo(await start.text(), isCallback, () => ({ login: 'outsider' }));
    const forged = await victim.request(callback);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toBe('invalid oauth2 state, start again from the login page\n');
    expect((await me(victim, ferry)).status).toBe(401);

    const noCookie = await fetch(callback);
    expect([noCookie.status, await noCookie.text()]).toEqual([400, 'missing sign-in state cookie, start again from the login page\n']);
    expect((await attacker.request(callback)).status).toBe(302);
    expect((await attacker.request(callback)).status).toBe(400);
  });

  it('says no, without a session, when the user cancels at GitHub', async () => {
    const browser = new Browser();
    const response = await signIn(browser, ferry, 'octocat', 'deny');
    expect([response.status, await response.text()]).toEqual([403, 'sign-in refused by GitHub : access_denied\n']);
    expect((await me(browser, ferry)).status).toBe(401);
    // What the callback URL says is repeated only if it is one of GitHub's error codes.
    const odd = await signIn(new Browser(), ferry, 'octocat', '<a href="https://evil.example">support</a>');
    expect([odd.status, await odd.text()]).toEqual([403, 'sign-in refused by GitHub : unknown error\n']);
  });

  it('with GitHubValidOrganizations, lets in active members only, at every sign-in', async () => {
    const restricted = await startFerryWith({ GitHubValidOrganizations: ['ACME', 'initech'] });
    const start = await fetch(`${restricted.url}/auth/github/login`);
    expect(new URL(await start.text()).searchParams.get('scope')).toBe('user:email read:org');

    const member = new Browser();
    expect((await signIn(member, restricted, 'octocat')).status).toBe(302);
    expect((await (await me(member, restricted)).json()).id).toBe('github:583231');

    for (const login of ['outsider', 'mallory']) {
      const browser = new Browser();
      const refused = await signIn(browser, restricted, login);
      // Plik's message, in Plik's error format.
      expect([refused.status, await refused.text()], login).toEqual([403, 'unauthorized organization\n']);
      expect((await me(browser, restricted)).status).toBe(401);
    }
    expect(await restricted.services.users.find('github:1001')).toBeUndefined();
    // A user an administrator created is let in only while a member, too.
    await restricted.services.users.create({ provider: 'github', login: '1001', name: 'Out Sider' });
    expect((await signIn(new Browser(), restricted, 'outsider')).status).toBe(403);
  });

  it('with AuthCreateUsers = false, lets in only users an administrator created', async () => {
    const closed = await startFerryWith({ AuthCreateUsers: false });
    const refused = await signIn(new Browser(), closed, 'octocat');
    expect([refused.status, await refused.text()]).toEqual([
      403,
      'user github:583231 is not registered on this server, ask an administrator to create it\n',
    ]);
    await closed.services.users.create({ provider: 'github', login: '583231', name: 'Octo', isAdmin: true });
    const browser = new Browser();
    expect((await signIn(browser, closed, 'octocat')).status).toBe(302);
    expect(await (await me(browser, closed)).json()).toMatchObject({ id: 'github:583231', name: 'Octo', admin: true });
  });

  it('answers 503, not a session, when GitHub fails or refuses the server, and logs why', async () => {
    const broken = new Browser();
    const failed = await signIn(broken, ferry, 'broken');
    expect([failed.status, await failed.text()]).toEqual([503, 'unable to sign in with GitHub, try again later\n']);
    expect((await me(broken, ferry)).status).toBe(401);
    expect(logLines.some((line) => line.includes('sign-in provider failed') && line.includes('/user : 500'))).toBe(true);

    const wrongSecret = await startFerryWith({ GitHubApiSecret: 'not-the-secret' });
    const refused = await signIn(new Browser(), wrongSecret, 'octocat');
    expect([refused.status, await refused.text()]).toEqual([503, 'unable to sign in with GitHub, try again later\n']);
    expect(logLines.some((line) => line.includes('incorrect_client_credentials'))).toBe(true);
  });

  it('never logs an access token it was given', () => {
    expect(github.issuedTokens.length).toBeGreaterThan(3);
    for (const token of github.issuedTokens) expect(logLines.filter((line) => line.includes(token))).toEqual([]);
  });

  it('says so when it is off', async () => {
    const off = await startTestFerry({ FeatureAuthentication: 'enabled' });
    const noAuth = await startTestFerry({ GitHubApiClientID: 'x', GitHubApiSecret: 'y' });
    others.push(off, noAuth);
    const disabled = await fetch(`${off.url}/auth/github/login`);
    expect([disabled.status, await disabled.text()]).toEqual([400, 'GitHub authentication is disabled\n']);
    expect(await (await fetch(`${noAuth.url}/auth/github/callback`)).text()).toBe('authentication is disabled\n');
    for (const server of [off, noAuth])
      expect(await (await fetch(`${server.url}/config`)).json()).toMatchObject({ githubAuthentication: false });
  });
});
