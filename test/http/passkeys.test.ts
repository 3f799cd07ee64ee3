// Passkeys over HTTP, with a software authenticator that signs real P-256 answers (helpers/passkey-authenticator.ts):
// registering from a session (named, listed, renamed, deleted, each user their own), signing in usernameless into
// the session a password gives, every bad answer refused with a JSON 4xx, and the same answer sent ten times at
// once opening exactly one session. The relying party follows PlikDomain when it is set.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { PasskeyAuthenticator } from '../helpers/passkey-authenticator.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const { users } = ferry.services;
  await users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice' });
  await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password', name: 'Bob' });
  [alice, bob] = await Promise.all([signIn(ferry.url, 'alice', 'alice-password'), signIn(ferry.url, 'bobby', 'bobby-password')]);
});
afterAll(() => ferry?.close());

const send = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown, base = ferry.url) =>
  fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const json = async (response: Response) => ({ status: response.status, body: await response.json() });

/** Registers a passkey on `authenticator` for the session's user: the listed passkey. */
async function register(session: Session, authenticator: PasskeyAuthenticator, name: string, base = ferry.url) {
  const { options } = await (await send('POST', '/me/passkeys/options', session.write, {}, base)).json();
  const created = await send('POST', '/me/passkeys', session.write, { name, response: authenticator.register(options) }, base);
  expect(created.status, await created.clone().text()).toBe(201);
  return created.json() as Promise<{ id: string; name: string; createdAt: string; lastUsedAt: string | null }>;
}

const signInOptions = async (base = ferry.url) => (await (await send('POST', '/auth/passkey/options', {}, {}, base)).json()).options;
const passkeySignIn = (response: unknown, base = ferry.url) => send('POST', '/auth/passkey/login', {}, { response }, base);
const listOf = async (session: Session) => (await (await send('GET', '/me/passkeys', session.read)).json()).passkeys;

describe('registering passkeys', () => {
  it('needs a session and its XSRF header', async () => {
    expect((await send('POST', '/me/passkeys/options')).status).toBe(401);
    expect((await send('POST', '/me/passkeys/options', alice.read, {})).status).toBe(403);
    expect((await send('GET', '/me/passkeys')).status).toBe(401);
  });

  it('keeps several per account, named, listed to their owner only, renamed and deleted by them alone', async () => {
    const [laptop, phone] = [new PasskeyAuthenticator(ferry.url), new PasskeyAuthenticator(ferry.url)];
    const first = await register(alice, laptop, 'laptop');
    const second = await register(alice, phone, '  phone  ');
    expect(second).toMatchObject({ name: 'phone', lastUsedAt: null });
    const bobs = await register(bob, new PasskeyAuthenticator(ferry.url), 'bob key');
    const listed = await listOf(alice);
    expect(listed.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(listed.map((p: { id: string }) => p.id)).not.toContain(bobs.id);
    // What the list shows: names and dates, not the credential or its key.
    expect(Object.keys(listed[0]).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);

    expect(await json(await send('PATCH', `/me/passkeys/${first.id}`, bob.write, { name: 'mine now' }))).toEqual({
      status: 404,
      body: { status: 404, message: 'passkey not found' },
    });
    expect((await send('DELETE', `/me/passkeys/${first.id}`, bob.write)).status).toBe(404);
    expect((await send('PATCH', `/me/passkeys/${first.id}`, alice.write, { name: ' ' })).status).toBe(400);
    expect(await json(await send('PATCH', `/me/passkeys/${first.id}`, alice.write, { name: 'work laptop' }))).toMatchObject({
      status: 200,
      body: { id: first.id, name: 'work laptop' },
    });
    expect((await send('DELETE', `/me/passkeys/${second.id}`, alice.write)).status).toBe(204);
    expect((await send('DELETE', `/me/passkeys/${second.id}`, alice.write)).status).toBe(404);
    expect((await listOf(alice)).map((p: { name: string }) => p.name)).toContain('work laptop');
    expect((await listOf(alice)).map((p: { id: string }) => p.id)).not.toContain(second.id);
  });

  it('refuses a replayed, foreign, unverified or wrong-origin registration', async () => {
    const authenticator = new PasskeyAuthenticator(ferry.url);
    const { options } = await (await send('POST', '/me/passkeys/options', alice.write, {})).json();
    // Options list the passkeys the account has, so that an authenticator does not register twice.
    expect(options).toMatchObject({
      rp: { id: '127.0.0.1' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const answer = authenticator.register(options);
    // Alice's challenge is not Bob's to use.
    expect(await json(await send('POST', '/me/passkeys', bob.write, { name: 'x', response: answer }))).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/unknown, used already or expired/) },
    });
    // That try used nothing of Alice's: her challenge still works, once.
    expect((await send('POST', '/me/passkeys', alice.write, { name: 'key', response: answer })).status).toBe(201);
    expect((await send('POST', '/me/passkeys', alice.write, { name: 'key', response: answer })).status).toBe(400);

    const elsewhere = await (await send('POST', '/me/passkeys/options', alice.write, {})).json();
    const phished = authenticator.register(elsewhere.options, { origin: 'https://ferry.example.evil' });
    expect(await json(await send('POST', '/me/passkeys', alice.write, { name: 'k', response: phished }))).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/origin "https:\/\/ferry.example.evil"/) },
    });
    const unverified = await (await send('POST', '/me/passkeys/options', alice.write, {})).json();
    const noUv = authenticator.register(unverified.options, { verified: false });
    expect(await json(await send('POST', '/me/passkeys', alice.write, { name: 'k', response: noUv }))).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/user could not be verified/) },
    });
  });

  it('keeps a credential to one passkey: registered again, by its account or another, is a 409', async () => {
    const authenticator = new PasskeyAuthenticator(ferry.url);
    await register(alice, authenticator, 'once');
    for (const session of [alice, bob]) {
      const { options } = await (await send('POST', '/me/passkeys/options', session.write, {})).json();
      const again = authenticator.register(options, {}, true);
      expect(await json(await send('POST', '/me/passkeys', session.write, { name: 'twice', response: again }))).toEqual({
        status: 409,
        body: { status: 409, message: 'this passkey is registered already' },
      });
    }
  });
});

describe('signing in with a passkey', () => {
  it('opens the session a password sign-in opens, and records its use', async () => {
    const authenticator = new PasskeyAuthenticator(ferry.url);
    const passkey = await register(alice, authenticator, 'sign-in key');
    const options = await signInOptions();
    // Usernameless: no credential is named, the authenticator offers what it holds.
    expect(options).toMatchObject({ rpId: '127.0.0.1', userVerification: 'required', allowCredentials: [] });
    const answer = await passkeySignIn(authenticator.answer(options));
    expect(await json(answer.clone())).toEqual({ status: 200, body: { ok: true } });
    const cookies = answer.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('plik-session=') && /HttpOnly/i.test(c))).toBe(true);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    expect(await json(await send('GET', '/me', { Cookie: cookie }))).toMatchObject({ status: 200, body: { login: 'alice' } });
    const used = (await listOf(alice)).find((p: { id: string }) => p.id === passkey.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('of the same answer sent ten times at once, opens exactly one session', async () => {
    const authenticator = new PasskeyAuthenticator(ferry.url);
    await register(alice, authenticator, 'race key');
    const answer = authenticator.answer(await signInOptions());
    const results = await Promise.all(Array.from({ length: 10 }, () => passkeySignIn(answer)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(400)]);
    expect(results.filter((r) => r.headers.getSetCookie().some((c) => c.startsWith('plik-session=')))).toHaveLength(1);
  });

  it('refuses every bad answer with a JSON 4xx that says why', async () => {
    const authenticator = new PasskeyAuthenticator(ferry.url);
    const passkey = await register(alice, authenticator, 'refusals');
    const refused = async (response: unknown, status: number, message: RegExp) => {
      const answer = await json(await passkeySignIn(response));
      expect(answer, JSON.stringify(answer)).toMatchObject({ status, body: { status, message: expect.stringMatching(message) } });
    };

    const ok = authenticator.answer(await signInOptions());
    expect((await passkeySignIn(ok)).status).toBe(200);
    await refused(ok, 400, /used already/);
    await refused(authenticator.answer(await signInOptions(), { origin: 'https://ferry.example.evil' }), 400, /origin/);
    await refused(authenticator.answer(await signInOptions(), { verified: false }), 400, /user could not be verified/);
    // A counter that goes back: the authenticator was copied, or the answer is old.
    await refused(authenticator.answer(await signInOptions(), { counter: 1 }), 400, /counter/);
    // A challenge never handed out, an expired one, one made for a registration.
    const { options: registration } = await (await send('POST', '/me/passkeys/options', alice.write, {})).json();
    await refused(authenticator.answer({ ...registration, rpId: registration.rp.id }), 400, /unknown, used already or expired/);
    await refused(authenticator.answer({ challenge: 'bm90LWhhbmRlZC1vdXQ', rpId: '127.0.0.1' }), 400, /unknown/);
    const expired = 'ZXhwaXJlZC1jaGFsbGVuZ2U';
    const hash = createHash('sha256').update(expired).digest('hex');
    await ferry.metadata.insertPasskeyChallenge(
      { challengeHash: hash, purpose: 'sign-in', userId: null, expireAt: Date.now() - 1 },
      Date.now() - 2,
    );
    await refused(authenticator.answer({ challenge: expired, rpId: '127.0.0.1' }), 400, /expired/);
    // A credential no account has, then a deleted one.
    const stranger = new PasskeyAuthenticator(ferry.url);
    stranger.register({ challenge: 'eA', rp: { id: '127.0.0.1' }, user: { id: 'eA' } });
    await refused(stranger.answer(await signInOptions()), 403, /unknown passkey/);
    expect((await send('DELETE', `/me/passkeys/${passkey.id}`, alice.write)).status).toBe(204);
    await refused(authenticator.answer(await signInOptions()), 403, /unknown passkey/);
    // A forged signature.
    const kept = new PasskeyAuthenticator(ferry.url);
    await register(alice, kept, 'forged');
    const forged = kept.answer(await signInOptions());
    forged.response.signature = stranger.answer(await signInOptions(), {}).response.signature;
    expect((await passkeySignIn(forged)).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses malformed bodies: not JSON, wrong shapes, client data that is not JSON', async () => {
    const malformed = await json(await send('POST', '/auth/passkey/login', {}, '{"response": '));
    expect(malformed).toMatchObject({ status: 400, body: { status: 400 } });
    expect((await send('POST', '/auth/passkey/login', {}, {})).status).toBe(400);
    expect((await send('POST', '/auth/passkey/login', {}, { response: { id: 'a', type: 'public-key' } })).status).toBe(400);
    const notBase64 = { id: 'a b', rawId: 'a', type: 'public-key', clientExtensionResults: {}, response: {} };
    expect((await send('POST', '/auth/passkey/login', {}, { response: notBase64 })).status).toBe(400);
    const authenticator = new PasskeyAuthenticator(ferry.url);
    await register(alice, authenticator, 'malformed');
    const answer = authenticator.answer(await signInOptions());
    answer.response.clientDataJSON = Buffer.from('not json').toString('base64url');
    expect(await json(await passkeySignIn(answer))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not JSON/) } });
  });
});

describe('the relying party', () => {
  it('is PlikDomain when it is set: the options name its host, answers from another origin are refused', async () => {
    const domain = 'https://files.example.com';
    const behindProxy = await startTestFerry({ FeatureAuthentication: 'enabled', PlikDomain: domain }, { alongside: ferry });
    try {
      const session = await signIn(behindProxy.url, 'alice', 'alice-password');
      const direct = new PasskeyAuthenticator(behindProxy.url);
      const { options } = await (await send('POST', '/me/passkeys/options', session.write, {}, behindProxy.url)).json();
      expect(options.rp.id).toBe('files.example.com');
      const refused = await send('POST', '/me/passkeys', session.write, { name: 'x', response: direct.register(options) }, behindProxy.url);
      expect(refused.status).toBe(400);
      const published = new PasskeyAuthenticator(domain);
      await register(session, published, 'through the domain', behindProxy.url);
      const signInOpts = await signInOptions(behindProxy.url);
      expect(signInOpts.rpId).toBe('files.example.com');
      expect((await passkeySignIn(published.answer(signInOpts), behindProxy.url)).status).toBe(200);
    } finally {
      await behindProxy.close();
    }
  });
});
