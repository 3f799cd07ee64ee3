// Signing in with an LDAP directory's accounts through the login form, against a real slapd (test/helpers/ldap.ts):
// the user made and kept up to date, the admin group read at every sign-in, logins escaped in the filter, local
// accounts first, the same refusal whatever was wrong, the same throttle as local sign-ins, and 503 when the
// directory is down or silent.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { slapdInstalled, startSlapd, type TestLdap } from '../helpers/ldap.js';
import { signIn } from '../helpers/session.js';

// Every sign-in checks an argon2 hash first (a local account's, or one of nobody's): slow on a busy machine.
describe.runIf(slapdInstalled())('LDAP sign-in', { timeout: 120_000 }, () => {
  let ldap: TestLdap;
  let ferry: TestFerry;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ldap = await startSlapd();
    ids.alice = await ldap.addPerson({ uid: 'alice', password: 'alice-pw-1', cn: 'Alice Liddell', mail: 'alice@example.org' });
    ids.bob = await ldap.addPerson({ uid: 'bob', password: 'bob-pw-1' });
    ids.carol = await ldap.addPerson({ uid: 'carol', password: 'carol-ldap-pw' });
    ids.dave = await ldap.addPerson({ uid: 'dave', password: 'dave-pw-1' });
    ferry = await startTestFerry(ldap.options);
  });
  afterAll(async () => {
    await ferry?.close();
    await ldap?.stop();
  });

  const login = (on: TestFerry, body: Record<string, string>) =>
    fetch(`${on.url}/auth/local/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const me = async (password: string, uid: string, on = ferry) =>
    (await (await fetch(`${on.url}/me`, { headers: (await signIn(on.url, uid, password)).read })).json()) as Record<string, unknown>;
  const refusal = async (response: Response) => ({ status: response.status, body: (await response.text()).trim() });
  const REFUSED = { status: 403, body: 'invalid credentials' };

  it('signs a directory user in with a session, as the user its entryUUID names, with its name and email', async () => {
    const first = await me('alice-pw-1', 'alice');
    expect(first).toMatchObject({
      id: `ldap:${ids.alice}`,
      provider: 'ldap',
      login: ids.alice,
      name: 'Alice Liddell',
      email: 'alice@example.org',
      admin: false,
    });
    // Signing in again is the same user; a change in the directory shows at the next sign-in, a rename included.
    await ldap.change('alice', { cn: 'Alice Hargreaves', mail: 'alice@married.example.org' });
    expect(await me('alice-pw-1', 'alice')).toMatchObject({
      id: `ldap:${ids.alice}`,
      name: 'Alice Hargreaves',
      email: 'alice@married.example.org',
    });
    await ldap.change('alice', { uid: 'alice.h' });
    expect(await me('alice-pw-1', 'alice.h')).toMatchObject({ id: `ldap:${ids.alice}` });
    expect(await refusal(await login(ferry, { login: 'alice', password: 'alice-pw-1' }))).toEqual(REFUSED);
    await ldap.change('alice.h', { uid: 'alice' });
  });

  it('makes one user of first sign-ins at once: 5 in parallel, 5 sessions of the same user', async () => {
    const id = await ldap.addPerson({ uid: 'frank', password: 'frank-pw-1' });
    const sessions = await Promise.all(Array.from({ length: 5 }, () => me('frank-pw-1', 'frank')));
    expect(new Set(sessions.map((user) => user.id))).toEqual(new Set([`ldap:${id}`]));
    expect((await ferry.services.users.search({ text: id, limit: 10 })).map((user) => user.id)).toEqual([`ldap:${id}`]);
  });

  it('refuses a wrong password and an unknown login alike, and an empty password before the directory is asked', async () => {
    const wrong = await refusal(await login(ferry, { login: 'bob', password: 'not-bobs' }));
    const unknown = await refusal(await login(ferry, { login: 'nobody-here', password: 'bob-pw-1' }));
    expect(wrong).toEqual(REFUSED);
    expect(unknown).toEqual(REFUSED);
    expect(await refusal(await login(ferry, { login: 'bob', password: '' }))).toEqual({ status: 400, body: 'missing password' });
  });

  // Unescaped, each would find bob (or everyone): `(&(objectClass=inetOrgPerson)(uid=bob)(uid=bob))`.
  it.each(['b*', 'bob)(uid=bob', '*)(uid=*', 'b\\2a'])('takes the login %s as a value, never as filter syntax', async (typed) => {
    expect(await refusal(await login(ferry, { login: typed, password: 'bob-pw-1' }))).toEqual(
      typed.includes('\\') ? { status: 400, body: 'invalid login' } : REFUSED,
    );
  });

  it('makes the admin group’s members admins, and takes it back at the next sign-in once they leave it', async () => {
    expect(await me('dave-pw-1', 'dave')).toMatchObject({ admin: false });
    await ldap.setAdmin('dave', true);
    const session = await signIn(ferry.url, 'dave', 'dave-pw-1');
    expect((await (await fetch(`${ferry.url}/me`, { headers: session.read })).json()).admin).toBe(true);
    expect((await fetch(`${ferry.url}/users`, { headers: session.read })).status).toBe(200);
    await ldap.setAdmin('dave', false);
    expect(await me('dave-pw-1', 'dave')).toMatchObject({ id: `ldap:${ids.dave}`, admin: false });
  });

  it('refuses a user removed from the directory at their next sign-in, as it refuses an unknown one', async () => {
    expect(await me('bob-pw-1', 'bob')).toMatchObject({ id: `ldap:${ids.bob}` });
    await ldap.removePerson('bob');
    expect(await refusal(await login(ferry, { login: 'bob', password: 'bob-pw-1' }))).toEqual(REFUSED);
  });

  it('tries a local account first: its password signs in the local user, the directory’s the LDAP one', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'carol', password: 'carol-local-pw' });
    expect(await me('carol-local-pw', 'carol')).toMatchObject({ id: 'local:carol' });
    expect(await me('carol-ldap-pw', 'carol')).toMatchObject({ id: `ldap:${ids.carol}` });
  });

  it('counts wrong passwords as local sign-ins do, one count whatever the case of the login', async () => {
    await ldap.addPerson({ uid: 'erin', password: 'erin-pw-1' });
    // At once: each takes its point before it runs, so ten spellings of one login use the ten points up.
    const spellings = ['erin', 'Erin', 'ERIN', 'eRin', 'erIn', 'eriN', 'ERin', 'erIN', 'ErIn', 'eRiN'];
    const statuses = await Promise.all(spellings.map(async (typed) => (await login(ferry, { login: typed, password: 'wrong' })).status));
    expect(statuses).toEqual(Array(10).fill(403));
    expect((await login(ferry, { login: 'erIN', password: 'wrong' })).status).toBe(429);
    expect((await login(ferry, { login: 'erin', password: 'erin-pw-1' })).status).toBe(429);
  });

  it('creates no user when AuthCreateUsers is off', async () => {
    const closed = await startTestFerry({ ...ldap.options, AuthCreateUsers: false });
    try {
      const response = await refusal(await login(closed, { login: 'dave', password: 'dave-pw-1' }));
      expect(response).toEqual({
        status: 403,
        body: `user ldap:${ids.dave} is not registered on this server, ask an administrator to create it`,
      });
    } finally {
      await closed.close();
    }
  });

  it('answers 503 when the directory is silent, and local accounts still sign in', async () => {
    // Takes connections and answers nothing, as a directory behind a stuck proxy.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const LdapUrl = `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const down = await startTestFerry({ ...ldap.options, LdapUrl, LdapTimeout: 1 });
    try {
      const response = await login(down, { login: 'dave', password: 'dave-pw-1' });
      expect({ status: response.status, body: (await response.text()).trim(), retry: response.headers.get('retry-after') }).toEqual({
        status: 503,
        body: 'the LDAP directory is unavailable, try again in a moment',
        retry: '5',
      });
      await down.services.users.create({ provider: 'local', login: 'admin', password: 'admin-local-pw' });
      expect(await me('admin-local-pw', 'admin', down)).toMatchObject({ id: 'local:admin' });
      // slapd stopped mid-way, and started again.
      ldap.pause();
      const paused = await login(ferry, { login: 'dave', password: 'dave-pw-1' });
      ldap.resume();
      expect(paused.status).toBe(503);
      expect(await me('dave-pw-1', 'dave')).toMatchObject({ id: `ldap:${ids.dave}` });
    } finally {
      ldap.resume();
      silent.close();
      await down.close();
    }
  });
});
