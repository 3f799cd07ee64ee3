// Plik 1.4's CLI sign-in over HTTP: POST /auth/cli/init gives a code and a secret; a signed-in browser approves the
// code; POST /auth/cli/poll then gives the secret's holder a new user token, once. Expiry, reuse, approval without a
// session, polls before the approval and with a wrong secret, and a race of polls (one token only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSignInService } from '../../src/domain/device-sign-in.js';
import { hashOfSecret } from '../../src/domain/secrets.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  for (const login of ['alice', 'bobby']) await ferry.services.users.create({ provider: 'local', login, password: `${login}-password` });
  [alice, bob] = [await signIn(ferry.url, 'alice', 'alice-password'), await signIn(ferry.url, 'bobby', 'bobby-password')];
});
afterAll(() => ferry.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${ferry.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface Started {
  code: string;
  secret: string;
  verificationURL: string;
  expiresIn: number;
  interval: number;
}

async function init(hostname = 'laptop'): Promise<Started> {
  const response = await post('/auth/cli/init', { hostname });
  expect(response.status).toBe(200);
  return (await response.json()) as Started;
}
const approve = (code: string, headers: Record<string, string>, comment?: string) => post('/auth/cli/approve', { code, comment }, headers);
const poll = (started: Pick<Started, 'code' | 'secret'>) => post('/auth/cli/poll', { code: started.code, secret: started.secret });

describe('the CLI sign-in', () => {
  it('gives a code, a secret and the page that approves it; the store keeps their hashes only', async () => {
    const response = await post('/auth/cli/init', { hostname: 'laptop' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const started = (await response.json()) as Started;
    expect(started).toEqual({
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/),
      secret: expect.stringMatching(/^[\w-]{43}$/),
      verificationURL: `${ferry.url}/cli-auth?code=${started.code}`,
      expiresIn: 300,
      interval: 2,
    });
    const stored = await ferry.metadata.findCliSignIn(hashOfSecret(started.code), Date.now());
    expect(stored).toMatchObject({ secretHash: hashOfSecret(started.secret), hostname: 'laptop', userId: null });
  });

  it('says pending until the code is approved, then hands the token to the secret holder once', async () => {
    const started = await init();
    expect(await (await poll(started)).json()).toEqual({ status: 'pending' });

    // Case and a dash do not matter in the code as the user types it.
    const typed = `${started.code.slice(0, 4).toLowerCase()}-${started.code.slice(4)}`;
    const approved = await approve(typed, alice.write);
    expect([approved.status, await approved.json()]).toEqual([200, { status: 'approved', hostname: 'laptop' }]);

    expect((await poll({ code: started.code, secret: 'not-the-secret' })).status).toBe(404);
    const answer = await poll(started);
    expect(answer.status).toBe(200);
    const { status, token } = (await answer.json()) as { status: string; token: string };
    expect(status).toBe('approved');
    const me = await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': token } });
    expect((await me.json()).login).toBe('alice');
    const tokens = (await (await fetch(`${ferry.url}/me/token`, { headers: alice.read })).json()).results as { comment: string }[];
    expect(tokens.map((t) => t.comment)).toContain('CLI on laptop');

    // Used: a second poll, or a second approval, finds nothing.
    const again = await poll(started);
    expect([again.status, await again.text()]).toEqual([404, expect.stringMatching(/^CLI sign-in not found/)]);
    expect((await approve(started.code, bob.write)).status).toBe(404);
  });

  it('is approved by one signed-in browser only, with its XSRF header; never without a session or with a token', async () => {
    const started = await init();
    expect((await approve(started.code, {})).status).toBe(401);
    expect((await approve(started.code, alice.read)).status).toBe(403);
    const token = (await (await post('/me/token', {}, alice.write)).json()).token as string;
    expect((await approve(started.code, { 'X-PlikToken': token })).status).toBe(403);
    expect(await (await poll(started)).json()).toEqual({ status: 'pending' });

    expect((await approve(started.code, bob.write, 'my build box')).status).toBe(200);
    const second = await approve(started.code, alice.write);
    expect([second.status, await second.text()]).toEqual([409, 'this CLI sign-in was approved already\n']);
    const { token: bobs } = (await (await poll(started)).json()) as { token: string };
    expect((await (await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': bobs } })).json()).login).toBe('bobby');
  });

  it('gives one token to one of many polls sent at once', async () => {
    const started = await init();
    await approve(started.code, alice.write);
    const answers = await Promise.all(Array.from({ length: 8 }, () => poll(started)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
  });

  it('expires: a request older than five minutes can be neither approved nor polled', async () => {
    // Started by a clock six minutes behind the server's: for the server, its five minutes are over.
    const behind = new CliSignInService(ferry.metadata, ferry.services.tokens, () => Date.now() - 6 * 60_000);
    const started = await behind.start('old-laptop');
    expect((await poll(started)).status).toBe(404);
    expect((await approve(started.code, alice.write)).status).toBe(404);
  });

  it('refuses a request that is not one: no code, an unknown code, a hostname too long', async () => {
    expect((await post('/auth/cli/init', { hostname: 'x'.repeat(256) })).status).toBe(400);
    expect((await post('/auth/cli/poll', { code: 'ABCDEFGH' })).status).toBe(400);
    expect((await poll({ code: 'ABCDEFGH', secret: 'anything' })).status).toBe(404);
    expect((await approve('', alice.write)).status).toBe(400);
  });
});

describe('the CLI sign-in on other servers', () => {
  it('is refused where there are no accounts', async () => {
    const open = await startTestFerry();
    try {
      const response = await fetch(`${open.url}/auth/cli/init`, { method: 'POST' });
      expect([response.status, await response.text()]).toEqual([400, 'authentication is disabled\n']);
    } finally {
      await open.close();
    }
  });

  it("points its page at PlikDomain and Path when they are set, not at the request's host", async () => {
    const behind = await startTestFerry({ FeatureAuthentication: 'enabled', PlikDomain: 'https://plik.example.com', Path: '/files' });
    try {
      const response = await fetch(`${behind.url}/auth/cli/init`, { method: 'POST' });
      const { code, verificationURL } = (await response.json()) as Started;
      expect(verificationURL).toBe(`https://plik.example.com/files/cli-auth?code=${code}`);
    } finally {
      await behind.close();
    }
  });
});
