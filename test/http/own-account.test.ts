// Ferry's routes for a user's own account: POST /me/password (current password, other sessions ended, throttled)
// and POST /me/profile (name and email of a local user).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
});
afterAll(() => ferry.close());

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${ferry.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const me = (session: Session) => send('GET', '/me', session.read);

async function newUser(login: string, password: string): Promise<Session> {
  await ferry.services.users.create({ provider: 'local', login, password, name: login });
  return signIn(ferry.url, login, password);
}

describe('POST /me/password', () => {
  it('needs a session, its XSRF header and both passwords; a user token is refused', async () => {
    const session = await newUser('penny', 'penny-password');
    const body = { current: 'penny-password', password: 'new-penny-password' };
    expect((await send('POST', '/me/password', {}, body)).status).toBe(401);
    expect((await send('POST', '/me/password', session.read, body)).status).toBe(403);
    const token = (await (await send('POST', '/me/token', session.write, {})).json()).token as string;
    expect((await send('POST', '/me/password', { 'X-PlikToken': token }, body)).status).toBe(403);
    const missing = await send('POST', '/me/password', session.write, { password: 'new-penny-password' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ status: 400, message: expect.stringMatching(/current/) });
    const short = await send('POST', '/me/password', session.write, { current: 'penny-password', password: 'short' });
    expect([short.status, (await short.json()).message]).toEqual([400, 'password is too short (min 8 chars)']);
    // Nothing changed: the old password still signs in.
    await signIn(ferry.url, 'penny', 'penny-password');
  });

  it('changes the password and ends every other session of the user, not the one that asked', async () => {
    const here = await newUser('quinn', 'quinn-password');
    const [laptop, phone] = await Promise.all([signIn(ferry.url, 'quinn', 'quinn-password'), signIn(ferry.url, 'quinn', 'quinn-password')]);
    const changed = await send('POST', '/me/password', here.write, { current: 'quinn-password', password: 'new-quinn-password' });
    expect([changed.status, await changed.json()]).toEqual([200, { sessionsEnded: 2 }]);
    expect((await me(here)).status).toBe(200);
    expect((await me(laptop)).status).toBe(403);
    expect((await me(phone)).status).toBe(403);
    const old = await send('POST', '/auth/local/login', {}, { login: 'quinn', password: 'quinn-password' });
    expect(old.status).toBe(403);
    await signIn(ferry.url, 'quinn', 'new-quinn-password');
  });

  it('refuses a wrong current password with 403, then throttles the guesses with 429 as sign-ins are', async () => {
    const session = await newUser('rowan', 'rowan-password');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await send('POST', '/me/password', session.write, { current: `guess-${i}`, password: 'taken-over!' })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(403), 429]);
    const throttled = await send('POST', '/me/password', session.write, { current: 'rowan-password', password: 'taken-over!' });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(0);
    // The same count as sign-ins from that address: the right password does not sign in either, for now.
    expect((await send('POST', '/auth/local/login', {}, { login: 'rowan', password: 'rowan-password' })).status).toBe(429);
    expect((await me(session)).status).toBe(200);
  });

  it('refuses a user of another provider: they have no password here', async () => {
    await ferry.services.users.create({ provider: 'oidc', login: 'sam@example.com', name: 'Sam' });
    const sam = await ferry.services.sessions.open(await ferry.services.users.get('oidc:sam@example.com'));
    const headers = { Cookie: `plik-session=${sam.cookie}; plik-xsrf=${sam.xsrf}`, 'X-XSRFToken': sam.xsrf };
    const refused = await send('POST', '/me/password', headers, { current: 'anything', password: 'something-new' });
    expect([refused.status, (await refused.json()).message]).toEqual([
      400,
      'oidc accounts have no password here: they sign in with their provider',
    ]);
    const profile = await send('POST', '/me/profile', headers, { name: 'Not Sam' });
    expect([profile.status, (await profile.json()).message]).toEqual([400, 'the name and email of oidc accounts come from their provider']);
    expect((await ferry.services.users.get('oidc:sam@example.com')).name).toBe('Sam');
  });
});

describe('POST /me/profile', () => {
  it('sets the name and email of a local user, and nothing else', async () => {
    const session = await newUser('tessa', 'tessa-password');
    expect((await send('POST', '/me/profile', {}, { name: 'T' })).status).toBe(401);
    expect((await send('POST', '/me/profile', session.read, { name: 'T' })).status).toBe(403);
    const tooLong = await send('POST', '/me/profile', session.write, { email: 'x'.repeat(256) });
    expect(tooLong.status).toBe(400);
    const changed = await send('POST', '/me/profile', session.write, {
      name: 'Tessa T.',
      email: 'tessa@example.com',
      admin: true,
      maxUserSize: -1,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      login: 'tessa',
      name: 'Tessa T.',
      email: 'tessa@example.com',
      admin: false,
      maxUserSize: 0,
    });
    expect(await (await me(session)).json()).toMatchObject({ name: 'Tessa T.', email: 'tessa@example.com', admin: false });
    // A field left out stays as it was.
    expect(await (await send('POST', '/me/profile', session.write, { name: 'Tessa' })).json()).toMatchObject({
      name: 'Tessa',
      email: 'tessa@example.com',
    });
  });
});

describe("PATCH /me (Plik 1.4's)", () => {
  it('sets the name, email, theme and language, answering errors as Plik does', async () => {
    const session = await newUser('ursula', 'ursula-password');
    expect(await (await me(session)).json()).toMatchObject({ theme: '', language: '' });
    expect((await send('PATCH', '/me', session.read, { theme: 'dark' })).status).toBe(403);
    const changed = await send('PATCH', '/me', session.write, { name: 'Ursula U.', theme: 'dark', language: 'pt-BR' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ name: 'Ursula U.', theme: 'dark', language: 'pt-BR', email: '' });
    expect(await (await me(session)).json()).toMatchObject({ name: 'Ursula U.', theme: 'dark', language: 'pt-BR' });
    for (const [body, message] of [
      [{ language: 'not a language!' }, 'invalid language: a BCP 47 language tag such as en or pt-BR\n'],
      [{ theme: 'Dark Mode' }, 'invalid theme: a name of lower-case letters, digits and dashes\n'],
    ] as const) {
      const refused = await send('PATCH', '/me', session.write, body);
      expect([refused.status, await refused.text()]).toEqual([400, message]);
    }
    // '' chooses none again.
    expect(await (await send('PATCH', '/me', session.write, { theme: '', language: '' })).json()).toMatchObject({
      theme: '',
      language: '',
    });
  });

  it('lets an outside account choose its theme and language, not the name and email its provider gives', async () => {
    const { users, sessions } = ferry.services;
    const vince = await users.create({ provider: 'oidc', login: 'vince@example.com', name: 'Vince' });
    const opened = await sessions.open(vince);
    const headers = { Cookie: `plik-session=${opened.cookie}; plik-xsrf=${opened.xsrf}`, 'X-XSRFToken': opened.xsrf };
    const theme = await send('PATCH', '/me', headers, { theme: 'light', language: 'fr' });
    expect([theme.status, (await theme.json()).theme]).toEqual([200, 'light']);
    const renamed = await send('PATCH', '/me', headers, { name: 'Someone Else' });
    expect([renamed.status, await renamed.text()]).toEqual([400, 'the name and email of oidc accounts come from their provider\n']);
  });
});

describe('changes made at once', () => {
  it("an admin's change stays when the user saves their profile or password from what their request read before it", async () => {
    const { users } = ferry.services;
    await users.create({ provider: 'local', login: 'olga', password: 'olga-password', isAdmin: true, maxFileSize: 100 });
    // What the user's request resolved, before the admin's change landed.
    const seenByRequest = await users.get('local:olga');
    await users.update('local:olga', { isAdmin: false, maxFileSize: 5 });
    await users.updateOwnProfile(seenByRequest, { theme: 'dark', name: 'Olga' });
    await users.changeOwnPassword(seenByRequest, 'olga-password', 'olga-new-password', '127.0.0.9', undefined);
    expect(await users.get('local:olga')).toMatchObject({ isAdmin: false, maxFileSize: 5, theme: 'dark', name: 'Olga' });
    // Over HTTP too, many at once: the demotion is never undone by a profile save.
    await users.update('local:olga', { isAdmin: true });
    const session = await signIn(ferry.url, 'olga', 'olga-new-password');
    await Promise.all([
      users.update('local:olga', { isAdmin: false }),
      ...Array.from({ length: 10 }, (_, i) => send('PATCH', '/me', session.write, { theme: `theme-${i}` })),
    ]);
    expect(await users.get('local:olga')).toMatchObject({ isAdmin: false });
  });
});
