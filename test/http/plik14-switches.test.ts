// Plik 1.4's switches over accounts and archives: FeatureLocalLogin, FeatureDeleteAccount, FeatureApiTokens and
// EnableArchiveCompression, each honoured by the routes it governs and announced in GET /config.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';

const started: TestFerry[] = [];
afterAll(() => Promise.all(started.map((ferry) => ferry.close())));

async function ferryWith(options: Record<string, unknown>): Promise<TestFerry> {
  const ferry = await startTestFerry({ FeatureAuthentication: 'enabled', ...options });
  started.push(ferry);
  await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
  return ferry;
}

const config = async (ferry: TestFerry) => (await (await fetch(`${ferry.url}/config`)).json()) as Record<string, unknown>;

const login = (ferry: TestFerry) =>
  fetch(`${ferry.url}/auth/local/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'alice', password: 'alice-password' }),
  });

describe('the switches, on by default', () => {
  it('announces them enabled, and everything they govern works', async () => {
    const ferry = await ferryWith({});
    expect(await config(ferry)).toMatchObject({
      feature_local_login: 'enabled',
      feature_delete_account: 'enabled',
      feature_api_tokens: 'enabled',
      feature_clients: 'enabled',
      streamTimeout: 600,
    });
    const session = await signIn(ferry.url, 'alice', 'alice-password');
    expect((await fetch(`${ferry.url}/me/token`, { method: 'POST', headers: session.write, body: '{}' })).status).toBe(200);
    expect((await fetch(`${ferry.url}/me`, { method: 'DELETE', headers: session.write })).status).toBe(200);
  });
});

describe('FeatureLocalLogin = "disabled"', () => {
  it('refuses the login form, in Plik’s error format, while an outside provider stays', async () => {
    const ferry = await ferryWith({ FeatureLocalLogin: 'disabled', OvhApiKey: 'key', OvhApiSecret: 'secret' });
    const refused = await login(ferry);
    expect([refused.status, await refused.text()]).toEqual([400, 'local login is disabled\n']);
    expect(await config(ferry)).toMatchObject({ feature_local_login: 'disabled', ovhAuthentication: true });
  });

  it('is refused at start where it would leave no way to sign in, naming the option', () => {
    expect(() => loadConfig({ flags: { FeatureAuthentication: 'enabled', FeatureLocalLogin: 'disabled' } })).toThrow(
      /FeatureLocalLogin.*: is disabled and no sign-in provider is set up/,
    );
    expect(() => loadConfig({ flags: { FeatureLocalLogin: 'forced' } })).toThrow(/FeatureLocalLogin.*must be "enabled" or "disabled"/);
    // Without accounts there is nothing to sign in to.
    expect(loadConfig({ flags: { FeatureLocalLogin: 'disabled' } }).config.FeatureLocalLogin).toBe('disabled');
  });
});

describe('FeatureDeleteAccount = "disabled"', () => {
  it('keeps users from deleting their own account; an admin still deletes it', async () => {
    const ferry = await ferryWith({ FeatureDeleteAccount: 'disabled' });
    await ferry.services.users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
    const alice = await signIn(ferry.url, 'alice', 'alice-password');
    const refused = await fetch(`${ferry.url}/me`, { method: 'DELETE', headers: alice.write });
    expect([refused.status, await refused.text()]).toEqual([400, 'delete account is not enabled\n']);
    expect(await ferry.services.users.find('local:alice')).toBeDefined();

    const admin = await signIn(ferry.url, 'admin', 'admin-password');
    expect((await fetch(`${ferry.url}/user/local:alice`, { method: 'DELETE', headers: admin.write })).status).toBe(200);
    expect(await ferry.services.users.find('local:alice')).toBeUndefined();
    expect(await config(ferry)).toMatchObject({ feature_delete_account: 'disabled' });
  });
});

describe('FeatureApiTokens = "disabled"', () => {
  it('makes, lists and revokes no token, and takes none: an upload with one is refused, not made anonymous', async () => {
    const ferry = await ferryWith({});
    const user = (await ferry.services.users.find('local:alice'))!;
    const { value } = await ferry.services.tokens.create(user, 'made before the switch');
    const off = await startTestFerry({ FeatureAuthentication: 'enabled', FeatureApiTokens: 'disabled' }, { alongside: ferry });
    started.push(off);

    const session = await signIn(off.url, 'alice', 'alice-password');
    for (const [method, path] of [
      ['POST', '/me/token'],
      ['GET', '/me/token'],
      ['DELETE', `/me/token/${value}`],
    ] as const) {
      const response = await fetch(`${off.url}${path}`, { method, headers: session.write, body: method === 'POST' ? '{}' : undefined });
      expect([method, response.status, await response.text()]).toEqual([method, 400, 'API tokens are disabled\n']);
    }
    const upload = await fetch(`${off.url}/upload`, { method: 'POST', headers: { 'X-PlikToken': value }, body: '{}' });
    expect([upload.status, await upload.text()]).toEqual([400, 'API tokens are disabled\n']);
    expect((await fetch(`${off.url}/me`, { headers: { 'X-PlikToken': value } })).status).toBe(400);
    // The token itself is kept: switched on again, it works.
    expect((await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': value } })).status).toBe(200);
    expect(await config(off)).toMatchObject({ feature_api_tokens: 'disabled', feature_clients: 'enabled' });
  });

  it('turns the clients off too where every upload needs an account, as Plik 1.4', async () => {
    const ferry = await ferryWith({ FeatureApiTokens: 'disabled', FeatureAuthentication: 'forced' });
    expect(await config(ferry)).toMatchObject({ feature_api_tokens: 'disabled', feature_clients: 'disabled' });
  });
});

describe('EnableArchiveCompression', () => {
  /** The compression method of the zip's first entry, from its local file header: 8 deflate, 0 stored. */
  async function firstEntryMethod(ferry: TestFerry): Promise<number> {
    const upload = await createUpload(ferry.url);
    await addFile(ferry.url, upload, 'compressible '.repeat(1000), 'words.txt');
    const zip = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    return bytes.readUInt16LE(8);
  }

  it('deflates the entries by default, as Plik, and stores them when false', async () => {
    expect(await firstEntryMethod(await ferryWith({ FeatureAuthentication: 'disabled' }))).toBe(8);
    expect(await firstEntryMethod(await ferryWith({ FeatureAuthentication: 'disabled', EnableArchiveCompression: false }))).toBe(0);
  });
});

describe('StreamTimeout', () => {
  it('is said in GET /config, as Plik 1.4 says it', async () => {
    const ferry = await ferryWith({ StreamTimeout: '5m' });
    expect(await config(ferry)).toMatchObject({ streamTimeout: 300 });
  });
});
