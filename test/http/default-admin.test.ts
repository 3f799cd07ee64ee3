// Plik's DefaultAdminLogin: the admin user made at start, signed in over HTTP; its configured password never in
// the log, a generated one logged once; a login some user has already is left as it is, also by a second instance.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn } from '../helpers/session.js';

const started: TestFerry[] = [];
afterEach(async () => {
  await Promise.all(
    started
      .splice(0)
      .reverse()
      .map((ferry) => ferry.close()),
  );
});

async function start(options: Record<string, unknown>, alongside?: TestFerry) {
  const lines: string[] = [];
  const logStream = { write: (line: string) => void lines.push(line) };
  const ferry = await startTestFerry({ FeatureAuthentication: 'enabled', LogLevel: 'info', ...options }, { alongside, logStream });
  started.push(ferry);
  return { ferry, log: () => lines.join('') };
}

const meOf = async (base: string, login: string, password: string) =>
  (await fetch(`${base}/me`, { headers: (await signIn(base, login, password)).read })).json();

describe('DefaultAdminLogin', () => {
  it('makes a local admin with DefaultAdminPassword, and never logs that password', async () => {
    const { ferry, log } = await start({ DefaultAdminLogin: 'root', DefaultAdminPassword: 's3cr3tpass' });
    expect(await meOf(ferry.url, 'root', 's3cr3tpass')).toMatchObject({ login: 'root', provider: 'local', admin: true });
    expect(log()).toContain('created the admin user root (DefaultAdminLogin)');
    expect(log()).not.toContain('s3cr3tpass');
  });

  it('generates a password when none is set, logs it once, and a second start leaves the user as it is', async () => {
    const first = await start({ DefaultAdminLogin: 'admin' });
    const password = first.log().match(/with the generated password (\S+) /)?.[1];
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(await meOf(first.ferry.url, 'admin', password!)).toMatchObject({ login: 'admin', admin: true });

    const second = await start({ DefaultAdminLogin: 'admin' }, first.ferry);
    expect(second.log()).not.toContain('created the admin user');
    expect(await meOf(second.ferry.url, 'admin', password!)).toMatchObject({ login: 'admin', admin: true });
  });

  it('leaves an existing user of that login untouched: no admin rights, the same password', async () => {
    const first = await start({});
    await first.ferry.services.users.create({ provider: 'local', login: 'olga', password: 'olga-password' });
    const { ferry, log } = await start({ DefaultAdminLogin: 'olga', DefaultAdminPassword: 'another-password' }, first.ferry);
    expect(log()).not.toContain('created the admin user');
    expect(await meOf(ferry.url, 'olga', 'olga-password')).toMatchObject({ login: 'olga', admin: false });
  });

  it('refuses at start a login or a password that could not be a local account', () => {
    expect(() => loadConfig({ flags: { DefaultAdminLogin: 'ab' } })).toThrow(/DefaultAdminLogin/);
    expect(() => loadConfig({ flags: { DefaultAdminLogin: 'admin', DefaultAdminPassword: 'short' } })).toThrow(/DefaultAdminPassword/);
  });
});
