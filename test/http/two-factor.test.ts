// TOTP two-factor over HTTP: enrolment on /me/two-factor, the sign-in's second step (no session from the password
// alone), codes that cannot be replayed and recovery codes used once (raced in parallel), the TwoFactorRequired
// policy's enrolment after the password, an admin's reset, and the clear 4xx of every bad input. Codes are made
// with otpauth here, as an authenticator app would; each user takes strictly later time steps, as the server asks.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { sessionOf, signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
// Each test signs in several times, and a password check costs argon2's 64 MiB and three passes: on a busy machine,
// more than vitest's default.
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  ferry = await startTestFerry({
    FeatureAuthentication: 'enabled',
    EncryptionKey: randomBytes(32).toString('base64'),
    TwoFactorRequired: 'admins',
  });
});
afterAll(() => ferry.close());

const send = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${ferry.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const get = (path: string, session: Session) => fetch(`${ferry.url}${path}`, { headers: session.read });
const login = (login: string, password = `${login}-password`) => send('/auth/local/login', { login, password });

/** The code an app shows `steps` periods from now. */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

/** A password sign-in that must go on to a second step: its challenge. */
async function challengeOf(name: string, step = 'verify'): Promise<string> {
  const response = await login(name);
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie()).toEqual([]);
  const body = await response.json();
  expect(body).toMatchObject({ twoFactor: step, challenge: expect.any(String) });
  return body.challenge;
}

async function newUser(login: string, isAdmin = false): Promise<Session> {
  await ferry.services.users.create({ provider: 'local', login, password: `${login}-password`, isAdmin });
  return signIn(ferry.url, login, `${login}-password`);
}

/** A user with two-factor on: its secret, recovery codes, and the session it enrolled in. Confirmed at this step. */
async function enrolled(login: string) {
  const session = await newUser(login);
  const { secret } = await (await send('/me/two-factor', undefined, session.write)).json();
  const confirmed = await send('/me/two-factor/confirm', { code: codeOf(secret) }, session.write);
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { session, secret, recoveryCodes };
}

const statusAndMessage = async (response: Response) => [response.status, ((await response.json()) as { message: string }).message];

describe('enrolment on /me/two-factor', () => {
  it('gives a secret and its otpauth URI, takes a first code, and shows ten recovery codes once', async () => {
    const session = await newUser('tessa');
    expect(await (await get('/me', session)).json()).toMatchObject({ twoFactor: false });
    const started = await send('/me/two-factor', undefined, session.write);
    expect(started.status).toBe(200);
    const { secret, uri } = await started.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/Ferry:tessa\\?.*secret=${secret}`));
    // Waiting for its first code, it is not on: the password alone still signs in.
    expect(await (await get('/me', session)).json()).toMatchObject({ twoFactor: false });
    await signIn(ferry.url, 'tessa', 'tessa-password');

    expect(await statusAndMessage(await send('/me/two-factor/confirm', { code: 'nope' }, session.write))).toEqual([
      400,
      expect.stringMatching(/malformed code/),
    ]);
    const wrong = String((Number(codeOf(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect(await statusAndMessage(await send('/me/two-factor/confirm', { code: wrong }, session.write))).toEqual([
      403,
      expect.stringMatching(/wrong code/),
    ]);
    expect((await send('/me/two-factor/confirm', {}, session.write)).status).toBe(400);

    const confirmed = await send('/me/two-factor/confirm', { code: codeOf(secret) }, session.write);
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = await confirmed.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    const me = await (await get('/me', session)).json();
    expect(me.twoFactor).toBe(true);
    expect(JSON.stringify(me)).not.toContain(secret);
    expect(await (await get('/me/two-factor', session)).json()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    // Enrolling twice, or confirming again, is a conflict; the secret is never shown again.
    expect(await statusAndMessage(await send('/me/two-factor', undefined, session.write))).toEqual([
      409,
      expect.stringMatching(/on already/),
    ]);
    expect((await send('/me/two-factor/confirm', { code: codeOf(secret, 1) }, session.write)).status).toBe(409);
    // The database holds it sealed, and the recovery codes as hashes only.
    const stored = await ferry.metadata.findTwoFactor('local:tessa');
    expect(stored?.sealedSecret).toMatch(/^v1\./);
    expect(stored?.sealedSecret).not.toContain(secret);
  });

  it('needs a session and its XSRF header', async () => {
    const session = await newUser('ursula');
    expect((await send('/me/two-factor', undefined)).status).toBe(401);
    expect((await send('/me/two-factor', undefined, session.read)).status).toBe(403);
  });
});

describe('signing in with two-factor', () => {
  it('gives no session for the password, then one for a code, once; bad input gets a clear 4xx', async () => {
    const { secret } = await enrolled('victor');
    const challenge = await challengeOf('victor');
    // The password step opened no session: the CLI's sign-in through the browser cannot be approved with it.
    const cli = await (await send('/auth/cli/init', { hostname: 'laptop' })).json();
    expect((await send('/auth/cli/approve', { code: cli.code }, {})).status).toBe(401);

    expect(await statusAndMessage(await send('/auth/two-factor', { challenge, code: '12345' }))).toEqual([
      400,
      expect.stringMatching(/malformed/),
    ]);
    expect((await send('/auth/two-factor', { challenge })).status).toBe(400);
    expect((await send('/auth/two-factor', { challenge: 'x'.repeat(65), code: '123456' })).status).toBe(400);
    expect(await statusAndMessage(await send('/auth/two-factor', { challenge: 'unknown', code: codeOf(secret, 1) }))).toEqual([
      403,
      expect.stringMatching(/expired or was used already/),
    ]);
    const wrong = String((Number(codeOf(secret, 1)) + 1) % 1_000_000).padStart(6, '0');
    expect((await send('/auth/two-factor', { challenge, code: wrong })).status).toBe(403);

    const code = codeOf(secret, 1);
    const done = await send('/auth/two-factor', { challenge, code });
    expect(done.status).toBe(200);
    const session = sessionOf(done);
    expect(await (await get('/me', session)).json()).toMatchObject({ login: 'victor', twoFactor: true });
    // The challenge is used up, and the code too: a replay with a new challenge is refused.
    expect((await send('/auth/two-factor', { challenge, code: codeOf(secret, 1) })).status).toBe(403);
    expect(await statusAndMessage(await send('/auth/two-factor', { challenge: await challengeOf('victor'), code }))).toEqual([
      403,
      expect.stringMatching(/used already: wait for the next/),
    ]);
    // An older code than the last one taken is refused the same way.
    expect((await send('/auth/two-factor', { challenge: await challengeOf('victor'), code: codeOf(secret) })).status).toBe(403);
  });

  it('refuses an expired challenge', async () => {
    const { secret } = await enrolled('wanda');
    const challenge = 'expired-challenge';
    const { hashOfSecret } = await import('../../src/domain/secrets.js');
    await ferry.metadata.insertTwoFactorChallenge({
      tokenHash: hashOfSecret(challenge),
      userId: 'local:wanda',
      purpose: 'verify',
      expireAt: Date.now() - 1,
    });
    expect(await statusAndMessage(await send('/auth/two-factor', { challenge, code: codeOf(secret, 1) }))).toEqual([
      403,
      expect.stringMatching(/expired/),
    ]);
  });

  it('takes the same valid code once of five sent at once, twice on one challenge and on three others', async () => {
    const { secret } = await enrolled('xavier');
    const challenges = await Promise.all(Array.from({ length: 4 }, () => challengeOf('xavier')));
    const code = codeOf(secret, 1);
    const answers = await Promise.all([challenges[0], ...challenges].map((challenge) => send('/auth/two-factor', { challenge, code })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403, 403, 403, 403]);
  });

  it('takes a recovery code once of five sent at once, and never again', async () => {
    const { session, recoveryCodes } = await enrolled('yvonne');
    const challenges = await Promise.all(Array.from({ length: 5 }, () => challengeOf('yvonne')));
    // Typed in lower case and without its dash, it is the same code.
    const typed = recoveryCodes[0]!.toLowerCase().replace('-', '');
    const answers = await Promise.all(challenges.map((challenge) => send('/auth/two-factor', { challenge, code: typed })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403, 403, 403, 403]);
    const left = challenges.filter((_, i) => answers[i]!.status === 403);
    expect(await statusAndMessage(await send('/auth/two-factor', { challenge: left[0], code: recoveryCodes[0] }))).toEqual([
      403,
      expect.stringMatching(/recovery code/),
    ]);
    expect(await (await get('/me/two-factor', session)).json()).toEqual({ enabled: true, recoveryCodesLeft: 9 });
    expect((await send('/auth/two-factor', { challenge: left[1], code: recoveryCodes[1] })).status).toBe(200);
  });

  it('throttles wrong codes per user, then answers 429', async () => {
    const { secret } = await enrolled('zora');
    const challenge = await challengeOf('zora');
    const wrong = String((Number(codeOf(secret, 1)) + 1) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await send('/auth/two-factor', { challenge, code: wrong })).status);
    expect(statuses).toEqual([...Array(10).fill(403), 429]);
  });
});

describe('turning two-factor off', () => {
  it('needs the password or a code; the password alone signs in again after', async () => {
    const { session, secret } = await enrolled('abigail');
    expect(await statusAndMessage(await send('/me/two-factor/disable', {}, session.write))).toEqual([
      400,
      expect.stringMatching(/password or a code/),
    ]);
    expect((await send('/me/two-factor/disable', { password: 'wrong-password' }, session.write)).status).toBe(403);
    expect((await send('/me/two-factor/disable', { code: codeOf(secret, 1) }, session.write)).status).toBe(200);
    expect(await (await get('/me', session)).json()).toMatchObject({ twoFactor: false });
    expect((await send('/me/two-factor/disable', { password: 'abigail-password' }, session.write)).status).toBe(400);
    await signIn(ferry.url, 'abigail', 'abigail-password');
    // Enrolling again gives a new secret.
    const again = await (await send('/me/two-factor', undefined, session.write)).json();
    expect(again.secret).not.toBe(secret);
  });
});

describe('TwoFactorRequired = "admins"', () => {
  it('sends an admin without two-factor to enrol after the password, and signs them in once enrolled', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'boris', password: 'boris-password', isAdmin: true });
    const challenge = await challengeOf('boris', 'enrol');
    expect(await statusAndMessage(await send('/auth/two-factor', { challenge, code: '123456' }))).toEqual([
      400,
      expect.stringMatching(/enrolment/),
    ]);
    const { secret } = await (await send('/auth/two-factor/enrol', { challenge })).json();
    expect((await send('/auth/two-factor/enrol', { challenge: 'unknown' })).status).toBe(403);
    const confirmed = await send('/auth/two-factor/enrol/confirm', { challenge, code: codeOf(secret) });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).recoveryCodes).toHaveLength(10);
    expect(await (await get('/me', sessionOf(confirmed))).json()).toMatchObject({ login: 'boris', admin: true, twoFactor: true });
    // From now on the admin signs in with a code.
    expect((await send('/auth/two-factor/enrol/confirm', { challenge, code: codeOf(secret, 1) })).status).toBe(403);
    await challengeOf('boris', 'verify');
  });

  it('leaves users who are not admins to choose', async () => {
    await newUser('cyril');
  });
});

describe("an admin's reset", () => {
  it('is listed, and an admin takes it away: the user signs in with the password alone', async () => {
    await enrolled('dora');
    await ferry.services.users.create({ provider: 'local', login: 'edgar', password: 'edgar-password', isAdmin: true });
    const edgar = await (async () => {
      const challenge = await challengeOf('edgar', 'enrol');
      const { secret } = await (await send('/auth/two-factor/enrol', { challenge })).json();
      return sessionOf(await send('/auth/two-factor/enrol/confirm', { challenge, code: codeOf(secret) }));
    })();
    const listed = (await (await get('/users?limit=100', edgar)).json()) as { results: { id: string; twoFactor: boolean }[] };
    expect(listed.results.find((u) => u.id === 'local:dora')?.twoFactor).toBe(true);
    expect(listed.results.find((u) => u.id === 'local:cyril')?.twoFactor).toBe(false);

    const dora = await newUser('fiona');
    expect((await send('/user/local:dora/two-factor', undefined, dora.write, 'DELETE')).status).toBe(403);
    expect((await send('/user/local:dora/two-factor', undefined, edgar.write, 'DELETE')).status).toBe(200);
    expect(await statusAndMessage(await send('/user/local:dora/two-factor', undefined, edgar.write, 'DELETE'))).toEqual([
      400,
      expect.stringMatching(/no two-factor/),
    ]);
    await signIn(ferry.url, 'dora', 'dora-password');
  });
});

describe('without EncryptionKey', () => {
  it('refuses enrolment with 400, and TwoFactorRequired at start', async () => {
    const plain = await startTestFerry({ FeatureAuthentication: 'enabled' });
    try {
      await plain.services.users.create({ provider: 'local', login: 'gavin', password: 'gavin-password' });
      const session = await signIn(plain.url, 'gavin', 'gavin-password');
      const started = await fetch(`${plain.url}/me/two-factor`, { method: 'POST', headers: session.write });
      expect(await statusAndMessage(started)).toEqual([400, expect.stringMatching(/EncryptionKey/)]);
    } finally {
      await plain.close();
    }
    expect(() => loadConfig({ flags: { TwoFactorRequired: 'everyone' } })).toThrow(/TwoFactorRequired.*EncryptionKey/s);
  });
});
