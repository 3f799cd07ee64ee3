// What a local account's password must be (PasswordMinLength, RefuseCommonPasswords): checked wherever one is set,
// an admin's POST /user and PATCH /user/:id, and a user's own POST /me/password, with nothing changed on refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn, type Session } from '../helpers/session.js';

const send = (ferry: TestFerry, method: string, path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${ferry.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Plik's routes answer errors as text, Ferry's own in JSON. */
async function refusal(response: Response): Promise<[number, string]> {
  const body = await response.text();
  return [
    response.status,
    response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(body).message : body.trimEnd(),
  ];
}

describe('the password policy, as set', () => {
  let ferry: TestFerry;
  let admin: Session;
  beforeAll(async () => {
    ferry = await startTestFerry({ FeatureAuthentication: 'enabled', PasswordMinLength: '12' });
    await ferry.services.users.create({ provider: 'local', login: 'admin', password: 'admin-password-long', isAdmin: true });
    admin = await signIn(ferry.url, 'admin', 'admin-password-long');
  });
  afterAll(() => ferry.close());

  it('refuses, as an admin creates a user, a short password, the login itself and a common one; takes a good one', async () => {
    const create = (login: string, password: string) => send(ferry, 'POST', '/user', admin.write, { login, password });
    expect(await refusal(await create('dana', 'eleven-char'))).toEqual([
      400,
      'unable to create user : password is too short (min 12 chars)',
    ]);
    expect(await refusal(await create('danielle1234', 'Danielle1234'))).toEqual([
      400,
      'unable to create user : password is the login: choose another',
    ]);
    // In the list, whatever its case: "password1234" is, as typed by a user who capitalises.
    expect(await refusal(await create('dana', 'Password1234'))).toEqual([
      400,
      'unable to create user : password is one of the most common passwords, which are tried first: choose another',
    ]);
    expect((await fetch(`${ferry.url}/user/local:dana`, { headers: admin.read })).status).toBe(404);
    expect((await create('dana', 'tram-kettle-orbit')).status).toBe(200);
    await signIn(ferry.url, 'dana', 'tram-kettle-orbit');
  });

  it("refuses a common password as a user changes their own, and as an admin changes a user's, leaving the old one", async () => {
    await ferry.services.users.create({ provider: 'local', login: 'ellis', password: 'quiet-harbour-lamp' });
    const ellis = await signIn(ferry.url, 'ellis', 'quiet-harbour-lamp');
    const own = await send(ferry, 'POST', '/me/password', ellis.write, { current: 'quiet-harbour-lamp', password: 'qwertyuiop123' });
    const common = [400, 'password is one of the most common passwords, which are tried first: choose another'];
    expect(await refusal(own)).toEqual(common);
    const byAdmin = await send(ferry, 'POST', '/user/local:ellis', admin.write, {
      login: 'ellis',
      provider: 'local',
      password: 'qwertyuiop123',
    });
    expect(await refusal(byAdmin)).toEqual(common);
    await signIn(ferry.url, 'ellis', 'quiet-harbour-lamp');
  });
});

describe('RefuseCommonPasswords = false', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FeatureAuthentication: 'enabled', RefuseCommonPasswords: 'false' });
  });
  afterAll(() => ferry.close());

  it('takes a common password, still not a short one', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'frank', password: 'password1' });
    await signIn(ferry.url, 'frank', 'password1');
    await expect(ferry.services.users.create({ provider: 'local', login: 'gwen', password: 'seven77' })).rejects.toThrow(
      'unable to create user : password is too short (min 8 chars)',
    );
  });
});
