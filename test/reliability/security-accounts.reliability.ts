// Accounts and their credentials: a user token is a key to uploading, not to the account; the database keeps no
// credential a dump would hand over; sessions end when they should; a deleted user's uploads stay theirs alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openMetadataDatabase } from '../../src/metadata/open.js';
import { exportMetadata } from '../../src/metadata/transfer.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, multipartFile, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { finding } from './tally.js';

let ferry: TestFerry;
let admin: Session;
let bob: Session;
let adminToken: string;
let bobToken: string;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', CleanupInterval: 3600 });
  const { users } = ferry.services;
  await users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password' });
  [admin, bob] = await Promise.all([signIn(ferry.url, 'admin', 'admin-password'), signIn(ferry.url, 'bobby', 'bobby-password')]);
  adminToken = (await (await send('POST', '/me/token', admin.write, { comment: 'admin script' })).json()).token;
  bobToken = (await (await send('POST', '/me/token', bob.write, { comment: 'bob script' })).json()).token;
});
afterAll(() => ferry.close());

function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Response> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  return fetch(`${ferry.url}${path}`, { method, headers: { ...(json && { 'Content-Type': 'application/json' }), ...headers }, body: json });
}

/** Every row of every table, as `ferry export` writes them: what a stolen database holds. */
async function dump(): Promise<string> {
  const { db } = await openMetadataDatabase(loadConfig({ flags: ferry.storage.options }).config);
  try {
    let all = '';
    for await (const line of exportMetadata(db)) all += line;
    return all;
  } finally {
    await db.destroy();
  }
}

describe('user tokens (X-PlikToken)', () => {
  it("are refused, with 403 and why, on every account and admin route that is not reading one's own account", async (context) => {
    const refused: [string, string, string, unknown?][] = [
      [bobToken, 'POST', '/me/token', { comment: 'survives revoking the first' }],
      [bobToken, 'GET', '/me/token'],
      [bobToken, 'DELETE', `/me/token/${bobToken}`],
      [bobToken, 'DELETE', '/me/uploads'],
      [bobToken, 'DELETE', '/me'],
      [adminToken, 'POST', '/user', { login: 'mallory', password: 'mallory-password', admin: true }],
      [adminToken, 'GET', '/user/local:bobby'],
      [adminToken, 'POST', '/user/local:bobby', { admin: true }],
      [adminToken, 'DELETE', '/user/local:bobby'],
      [adminToken, 'GET', '/users'],
      [adminToken, 'GET', '/uploads'],
      [adminToken, 'GET', '/stats'],
    ];
    for (const [token, method, path, body] of refused) {
      const response = await send(method, path, { 'X-PlikToken': token }, body);
      expect([method, path, response.status], await response.clone().text()).toEqual([method, path, 403]);
      expect(await response.text()).toMatch(/browser session/);
    }
    // Nothing happened: Bob is there, with one token, and no Mallory.
    expect((await (await send('GET', '/me/token', bob.read)).json()).results).toHaveLength(1);
    expect((await send('GET', '/user/local:mallory', admin.read)).status).toBe(404);
    expect((await send('GET', '/me', { 'X-PlikToken': bobToken })).status).toBe(200);
    finding(context, 'user-token-scope');
  });

  it("still work where scripts and clients need them: uploads, files, quick upload, reading one's own account", async () => {
    const token = { 'X-PlikToken': bobToken };
    const upload = await createUpload(ferry.url, {}, token);
    const file = await addFile(ferry.url, upload, 'bytes', 'a.txt');
    expect((await send('GET', `/upload/${upload.id}`, token)).status).toBe(200);
    expect((await send('GET', `/file/${upload.id}/${file.id}/a.txt`, token)).status).toBe(200);
    expect((await send('GET', `/archive/${upload.id}/all.zip`, token)).status).toBe(200);
    const quick = await fetch(`${ferry.url}/`, { method: 'POST', headers: token, body: multipartFile('quick', 'q.txt') });
    expect(quick.status, await quick.clone().text()).toBe(200);
    for (const path of ['/me', '/me/uploads', '/me/stats', '/config', '/version']) {
      expect([path, (await send('GET', path, token)).status]).toEqual([path, 200]);
    }
    const mine = await (await send('GET', '/me/uploads', token)).json();
    expect(mine.results.map((u: UploadJson) => u.id)).toContain(upload.id);
    expect((await send('DELETE', `/upload/${upload.id}`, token)).status).toBe(200);
  });

  // The same finding as the first test (tallied there): "store tokens hashed".
  it("and upload tokens are kept hashed: a dump of the database and the admin's list of uploads show neither", async () => {
    const created = await (await send('POST', '/me/token', bob.write, { comment: 'dumped' })).json();
    const withToken = await createUpload(ferry.url, {}, { 'X-PlikToken': created.token });
    const anonymous = await createUpload(ferry.url, {});
    const secrets = [created.token, withToken.uploadToken!, anonymous.uploadToken!, bobToken, adminToken];

    const database = await dump();
    for (const secret of secrets) expect(database).not.toContain(secret);
    const everyUpload = await (await send('GET', '/uploads?limit=500', admin.read)).text();
    expect(everyUpload).toContain(withToken.id);
    for (const secret of secrets) expect(everyUpload).not.toContain(secret);
    const bobsUploads = await (await send('GET', '/me/uploads?limit=500', bob.read)).text();
    for (const secret of secrets) expect(bobsUploads).not.toContain(secret);

    // What lists show of a token is enough to find it again: its prefix names it in filters and revocations.
    const tokens = (await (await send('GET', '/me/token', bob.read)).json()).results as { token: string; comment: string }[];
    const prefix = tokens.find((t) => t.comment === 'dumped')!.token;
    expect(created.token.startsWith(prefix) && prefix.length < created.token.length).toBe(true);
    const listed = (await (await send('GET', `/me/uploads?token=${prefix}`, bob.read)).json()).results as UploadJson[];
    expect(listed.map((u) => [u.id, u.token])).toEqual([[withToken.id, prefix]]);
    expect((await send('DELETE', `/me/token/${prefix}`, bob.write)).status).toBe(200);
    expect((await send('GET', '/me', { 'X-PlikToken': created.token })).status).toBe(403);
    // The upload token still works, though no one can be shown it again but who sends it.
    const again = await (await send('GET', `/upload/${withToken.id}`, { 'X-UploadToken': withToken.uploadToken! })).json();
    expect(again).toMatchObject({ admin: true, uploadToken: withToken.uploadToken });
  });
});

describe('sessions', () => {
  it('a password change ends the user\'s other sessions, and "sign out everywhere" ends them all', async (context) => {
    await ferry.services.users.create({ provider: 'local', login: 'carol', password: 'carol-password' });
    const [laptop, phone] = await Promise.all([signIn(ferry.url, 'carol', 'carol-password'), signIn(ferry.url, 'carol', 'carol-password')]);
    const carolToken = (await (await send('POST', '/me/token', laptop.write, { comment: 'survives' })).json()).token;
    // The admin changes Carol's password: every session of hers ends; the admin's own goes on.
    expect((await send('POST', '/user/local:carol', admin.write, { password: 'new-carol-password' })).status).toBe(200);
    expect((await send('GET', '/me', laptop.read)).status).toBe(403);
    expect((await send('GET', '/me', phone.read)).status).toBe(403);
    expect((await send('GET', '/me', admin.read)).status).toBe(200);
    // Tokens are not sessions: scripts keep working (decided; see docs/security.md).
    expect((await send('GET', '/me', { 'X-PlikToken': carolToken })).status).toBe(200);

    // An admin who changes their own password keeps the session that did it, and no other.
    const adminElsewhere = await signIn(ferry.url, 'admin', 'admin-password');
    expect((await send('POST', '/user/local:admin', admin.write, { password: 'admin-password' })).status).toBe(200);
    expect((await send('GET', '/me', admin.read)).status).toBe(200);
    expect((await send('GET', '/me', adminElsewhere.read)).status).toBe(403);

    const [one, two] = await Promise.all([
      signIn(ferry.url, 'carol', 'new-carol-password'),
      signIn(ferry.url, 'carol', 'new-carol-password'),
    ]);
    expect((await send('DELETE', '/me/sessions', one.read)).status).toBe(403);
    expect((await send('DELETE', '/me/sessions', { 'X-PlikToken': carolToken })).status).toBe(403);
    const everywhere = await send('DELETE', '/me/sessions', one.write);
    expect([everywhere.status, await everywhere.text()]).toEqual([200, '2 sessions ended']);
    expect(everywhere.headers.getSetCookie().some((c) => /^plik-session=;/.test(c))).toBe(true);
    expect((await send('GET', '/me', one.read)).status).toBe(403);
    expect((await send('GET', '/me', two.read)).status).toBe(403);
    finding(context, 'password-change-sessions');
  });

  it("another site cannot sign the user out: logging out needs the XSRF header, GET (Plik's web client) as POST", async (context) => {
    const session = await signIn(ferry.url, 'bobby', 'bobby-password');
    for (const method of ['GET', 'POST']) {
      const forged = await send(method, '/auth/logout', session.read);
      expect([method, forged.status]).toEqual([method, 403]);
      expect((await send('GET', '/me', session.read)).status).toBe(200);
    }
    const out = await send('POST', '/auth/logout', session.write);
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => /^plik-session=;/.test(c))).toBe(true);
    expect((await send('GET', '/me', session.read)).status).toBe(403);
    // A session that is gone already: its cookies are dropped without proof, so a browser is never stuck with them.
    const stale = await send('GET', '/auth/logout', session.read);
    expect(stale.status).toBe(200);
    expect(stale.headers.getSetCookie().some((c) => /^plik-session=;/.test(c))).toBe(true);
    finding(context, 'logout-from-other-sites');
  });
});

describe('logins', () => {
  it('a login with trailing spaces, control characters or too long is refused with 400 before any lookup', async (context) => {
    for (const login of ['bobby   ', ' bobby', 'bob\u0000by', 'bob\tby', 'bob\u200bby', 'b'.repeat(256)]) {
      const response = await send('POST', '/auth/local/login', {}, { login, password: 'bobby-password' });
      expect([JSON.stringify(login), response.status]).toEqual([JSON.stringify(login), 400]);
      // A NUL is refused earlier still, at the edge, for every route.
      expect(await response.text()).toMatch(/invalid (body )?login|NUL characters are not allowed/);
    }
    expect((await send('POST', '/auth/local/login', {}, { login: 'bobby', password: 'bobby-password' })).status).toBe(200);
    finding(context, 'mysql-pad-space-logins');
  });
});

describe('KeepUploadsOfDeletedUsers', () => {
  it("keeps a deleted user's uploads as nobody's: the login created again does not inherit them", async (context) => {
    const keeping = await startTestFerry({ FeatureAuthentication: 'enabled', KeepUploadsOfDeletedUsers: true });
    try {
      const { users } = keeping.services;
      await users.create({ provider: 'local', login: 'dave', password: 'dave-password' });
      const before = await signIn(keeping.url, 'dave', 'dave-password');
      const token = (await (await fetch(`${keeping.url}/me/token`, { method: 'POST', headers: before.write, body: '{}' })).json()).token;
      const bySession = await createUpload(keeping.url, {}, before.write);
      const byToken = await createUpload(keeping.url, {}, { 'X-PlikToken': token });
      await users.delete('local:dave');

      await users.create({ provider: 'local', login: 'dave', password: 'other-dave-password' });
      const after = await signIn(keeping.url, 'dave', 'other-dave-password');
      const listed = await (await fetch(`${keeping.url}/me/uploads`, { headers: after.read })).json();
      expect(listed.results).toEqual([]);
      for (const upload of [bySession, byToken]) {
        const seen = await (await fetch(`${keeping.url}/upload/${upload.id}`, { headers: after.read })).json();
        expect(seen).toMatchObject({ id: upload.id, admin: false });
        // Kept: whoever holds the upload token still administers it.
        const held = await (
          await fetch(`${keeping.url}/upload/${upload.id}`, { headers: { 'X-UploadToken': upload.uploadToken! } })
        ).json();
        expect(held).toMatchObject({ admin: true });
      }
    } finally {
      await keeping.close();
    }
    finding(context, 'deleted-user-uploads-inherited');
  });
});
