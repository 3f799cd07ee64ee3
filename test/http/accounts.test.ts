import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let admin: Session;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const { users } = ferry.services;
  await users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  await users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice' });
  await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password' });
  [admin, alice, bob] = await Promise.all([
    signIn(ferry.url, 'admin', 'admin-password'),
    signIn(ferry.url, 'alice', 'alice-password'),
    signIn(ferry.url, 'bobby', 'bobby-password'),
  ]);
});
afterAll(() => ferry.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ferry.url}${path}`, { headers });
const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${ferry.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe('sign-in', () => {
  it('sets an HttpOnly session cookie and a readable XSRF cookie, named as Plik names them', () => {
    const session = alice.cookies.find((c) => c.startsWith('plik-session='))!;
    const xsrf = alice.cookies.find((c) => c.startsWith('plik-xsrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(xsrf).not.toMatch(/HttpOnly/);
  });

  it('refuses wrong credentials with 403 and missing fields with 400', async () => {
    const wrong = await send(
      'POST',
      '/auth/local/login',
      { 'Content-Type': 'application/json' },
      { login: 'alice', password: 'nope-nope' },
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toBe('invalid credentials\n');
    const unknown = await send('POST', '/auth/local/login', { 'Content-Type': 'application/json' }, { login: 'nobody', password: 'x' });
    expect(unknown.status).toBe(403);
    const missing = await send('POST', '/auth/local/login', { 'Content-Type': 'application/json' }, { login: 'alice' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('missing password\n');
  });

  it('slows down password guessing with 429, without locking out other users', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await send(
        'POST',
        '/auth/local/login',
        { 'Content-Type': 'application/json' },
        { login: 'admin', password: `guess-${i}` },
      );
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password waits now, for that login from that address; other logins are unaffected.
    expect(
      (await send('POST', '/auth/local/login', { 'Content-Type': 'application/json' }, { login: 'admin', password: 'admin-password' }))
        .status,
    ).toBe(429);
    await signIn(ferry.url, 'bobby', 'bobby-password');
  });

  it('logs out: the session stops working at once', async () => {
    const session = await signIn(ferry.url, 'alice', 'alice-password');
    expect((await get('/me', session.read)).status).toBe(200);
    const out = await send('POST', '/auth/logout', session.write);
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => /^plik-session=;/.test(c))).toBe(true);
    expect((await get('/me', session.read)).status).toBe(403);
  });
});

describe('/me', () => {
  it('shows the user, never a password hash', async () => {
    const response = await get('/me', alice.read);
    const me = await response.json();
    expect(me).toMatchObject({ id: 'local:alice', provider: 'local', login: 'alice', name: 'Alice', admin: false });
    expect(JSON.stringify(me)).not.toMatch(/argon2|password/i);
  });

  it('needs a session', async () => {
    const response = await get('/me');
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('you must be authenticated, please login first\n');
  });

  it('requires X-XSRFToken on every change made with the session', async () => {
    const noHeader = await send('POST', '/me/token', alice.read, { comment: 'x' });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.text()).toBe('missing xsrf header\n');
    const wrongHeader = await send('POST', '/me/token', { ...alice.read, 'X-XSRFToken': 'forged' }, { comment: 'x' });
    expect(wrongHeader.status).toBe(403);
    expect(await wrongHeader.text()).toBe('invalid xsrf header\n');
    const noXsrfUpload = await send('POST', '/upload', alice.read, {});
    expect(noXsrfUpload.status).toBe(403);
  });
});

describe('upload tokens', () => {
  it('are created, listed (paginated) and revoked, and revocation works at once', async () => {
    const created = await (await send('POST', '/me/token', alice.write, { comment: 'laptop' })).json();
    expect(created).toMatchObject({ comment: 'laptop', token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    for (const comment of ['a', 'b']) await send('POST', '/me/token', alice.write, { comment });

    const firstPage = await (await get('/me/token?limit=2', alice.read)).json();
    expect(firstPage.results).toHaveLength(2);
    expect(firstPage.before).toBeNull();
    expect(firstPage.after).toEqual(expect.any(String));
    const secondPage = await (await get(`/me/token?limit=2&after=${encodeURIComponent(firstPage.after)}`, alice.read)).json();
    expect(secondPage.results).toHaveLength(1);
    expect(secondPage.after).toBeNull();
    const byOffset = await (await get('/me/token?offset=2&limit=2&order=desc', alice.read)).json();
    expect(byOffset.results).toEqual(secondPage.results);

    // An upload made with the token belongs to Alice and that token.
    const upload = await createUpload(ferry.url, {}, { 'X-PlikToken': created.token });
    const mine = await (await get(`/me/uploads?token=${created.token}`, alice.read)).json();
    expect(mine.results.map((u: UploadJson) => u.id)).toEqual([upload.id]);

    expect((await send('DELETE', `/me/token/${created.token}`, alice.write)).status).toBe(200);
    const revoked = await send('POST', '/upload', { 'X-PlikToken': created.token }, {});
    expect(revoked.status).toBe(403);
    expect(await revoked.text()).toBe('invalid token\n');
  });

  it('are never visible to or revocable by another user', async () => {
    const token = (await (await send('POST', '/me/token', alice.write, { comment: 'private' })).json()).token as string;
    const bobsTokens = await (await get('/me/token', bob.read)).json();
    expect(JSON.stringify(bobsTokens)).not.toContain(token);
    expect((await send('DELETE', `/me/token/${token}`, bob.write)).status).toBe(404);
    expect((await send('POST', '/upload', { 'X-PlikToken': token }, {})).status).toBe(200);
  });
});

describe('owned uploads', () => {
  it('belong to the session user, who may manage them; other users may not', async () => {
    const upload = await createUpload(ferry.url, {}, alice.write);
    await addFile(ferry.url, upload, 'x', 'x.txt');
    // Alice administers her upload through her session; only its hash is stored, so only who sends it sees the token.
    const asAlice = (await (await get(`/upload/${upload.id}`, alice.read)).json()) as UploadJson;
    expect(asAlice).toMatchObject({ admin: true });
    expect(asAlice).not.toHaveProperty('uploadToken');
    const withToken = (await (await get(`/upload/${upload.id}`, { 'X-UploadToken': upload.uploadToken! })).json()) as UploadJson;
    expect(withToken).toMatchObject({ admin: true, uploadToken: upload.uploadToken });
    const asBob = (await (await get(`/upload/${upload.id}`, bob.read)).json()) as UploadJson;
    expect(asBob).toMatchObject({ admin: false });
    expect(asBob).not.toHaveProperty('uploadToken');
    expect((await send('DELETE', `/upload/${upload.id}`, bob.write)).status).toBe(403);

    const bobsList = await (await get('/me/uploads', bob.read)).json();
    expect(JSON.stringify(bobsList)).not.toContain(upload.id);
    const alicesList = await (await get('/me/uploads', alice.read)).json();
    const listed = alicesList.results.find((u: UploadJson) => u.id === upload.id);
    expect(listed).toMatchObject({ user: 'local:alice' });
    expect(JSON.stringify(listed)).not.toContain(upload.uploadToken);
    expect(JSON.stringify(listed)).not.toMatch(/argon2/);

    const stats = await (await get('/me/stats', alice.read)).json();
    expect(stats).toMatchObject({ uploads: expect.any(Number), files: expect.any(Number), totalSize: expect.any(Number) });
    expect(stats.totalSize).toBeGreaterThanOrEqual(1);

    expect((await send('DELETE', `/upload/${upload.id}`, alice.write)).status).toBe(200);
  });

  it('DELETE /me/uploads removes all of them', async () => {
    await createUpload(ferry.url, {}, bob.write);
    await createUpload(ferry.url, {}, bob.write);
    const response = await send('DELETE', '/me/uploads', bob.write);
    expect(await response.text()).toMatch(/^\d+ uploads removed$/);
    expect((await (await get('/me/uploads', bob.read)).json()).results).toEqual([]);
  });
});

describe('admin routes', () => {
  const adminRoutes: [string, string, unknown?][] = [
    ['POST', '/user', { login: 'mallory', password: 'password!' }],
    ['GET', '/user/local:alice'],
    ['POST', '/user/local:alice', { admin: true }],
    ['DELETE', '/user/local:alice'],
    ['GET', '/users'],
    ['GET', '/uploads'],
    ['GET', '/stats'],
  ];

  it.each(adminRoutes)('%s %s answers 403 to a non-admin and 401 to nobody', async (method, path, body) => {
    const asUser = await send(method, path, alice.write, body);
    expect(asUser.status).toBe(403);
    expect(await asUser.text()).toBe('you need administrator privileges\n');
    expect((await send(method, path, {}, body)).status).toBe(401);
  });

  it('creates, shows, updates, lists and deletes users', async () => {
    const created = await (
      await send('POST', '/user', admin.write, { login: 'carol', password: 'carol-password', email: 'c@example.com', maxFileSize: 1000 })
    ).json();
    expect(created).toMatchObject({ id: 'local:carol', email: 'c@example.com', maxFileSize: 1000, admin: false });
    expect((await send('POST', '/user', admin.write, { login: 'carol', password: 'carol-password' })).status).toBe(400);
    expect((await send('POST', '/user', admin.write, { login: 'dan', password: 'short' })).status).toBe(400);
    const updated = await (await send('POST', '/user/local:carol', admin.write, { name: 'Carol', maxTTL: 3600 })).json();
    expect(updated).toMatchObject({ name: 'Carol', maxTTL: 3600, maxFileSize: 1000 });
    const list = await (await get('/users?limit=100', admin.read)).json();
    expect(list.results.map((u: { id: string }) => u.id)).toContain('local:carol');
    // No password hash, nor a password field (Plik's usage counts passwordUploads: a count, not a secret).
    expect(JSON.stringify(list)).not.toMatch(/argon2|"password(Hash)?"/i);
    // Plik's client sends the page as JSON in X-Plik-Paging: JSON that is no object is refused, not a server error.
    const paged = await (await get('/users', { ...admin.read, 'X-Plik-Paging': '{"limit":1}' })).json();
    expect(paged.results).toHaveLength(1);
    for (const paging of ['null', '3', '[]', '{']) {
      const refused = await get('/users', { ...admin.read, 'X-Plik-Paging': paging });
      expect([refused.status, await refused.text()]).toEqual([400, 'invalid paging header\n']);
    }
    expect((await send('DELETE', '/user/local:carol', admin.write)).status).toBe(200);
    expect((await get('/user/local:carol', admin.read)).status).toBe(404);
  });

  it('lists every upload with filters, and server stats', async () => {
    const upload = await createUpload(ferry.url, {}, alice.write);
    const all = await (await get('/uploads?limit=500', admin.read)).json();
    expect(all.results.map((u: UploadJson) => u.id)).toContain(upload.id);
    const bobs = await (await get('/uploads?user=local:bobby', admin.read)).json();
    expect(bobs.results.map((u: UploadJson) => u.id)).not.toContain(upload.id);
    const stats = await (await get('/stats', admin.read)).json();
    expect(stats).toMatchObject({
      users: expect.any(Number),
      uploads: expect.any(Number),
      anonymousUploads: expect.any(Number),
      files: expect.any(Number),
    });
    expect(stats.users).toBeGreaterThanOrEqual(3);
  });

  it('tells user ids apart by trailing spaces, and refuses such a login at sign-in before any lookup', async () => {
    // MySQL's and MariaDB's PAD SPACE collations find local:bobby for 'local:bobby   ' (migration 006 ends that).
    expect((await get('/user/local:bobby', admin.read)).status).toBe(200);
    expect((await get(`/user/${encodeURIComponent('local:bobby   ')}`, admin.read)).status).toBe(404);
    const padded = await send(
      'POST',
      '/auth/local/login',
      { 'Content-Type': 'application/json' },
      { login: 'bobby   ', password: 'bobby-password' },
    );
    expect([padded.status, await padded.text()]).toEqual([400, 'invalid login\n']);
  });

  it('deleting a user deletes their uploads', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'erin', password: 'erin-password' });
    const erin = await signIn(ferry.url, 'erin', 'erin-password');
    const upload = await createUpload(ferry.url, {}, erin.write);
    expect((await send('DELETE', '/user/local:erin', admin.write)).status).toBe(200);
    expect((await get(`/upload/${upload.id}`)).status).toBe(404);
    expect((await get('/me', erin.read)).status).toBe(403);
  });
});

describe('per-user limits', () => {
  it('refuse a file over the user limit and an upload over the quota, saying which limit was hit', async () => {
    await ferry.services.users.create({
      provider: 'local',
      login: 'frank',
      password: 'frank-password',
      maxFileSize: 100,
      maxUserSize: 150,
      maxTtl: 60,
    });
    const frank = await signIn(ferry.url, 'frank', 'frank-password');
    const longTtl = await send('POST', '/upload', frank.write, { ttl: 3600 });
    expect(await longTtl.text()).toBe('invalid TTL. (maximum allowed is : 60)\n');
    const upload = await createUpload(ferry.url, { ttl: 60 }, frank.write);
    const form = (size: number) => {
      const f = new FormData();
      f.append('file', new Blob([new Uint8Array(size)]), 'f.bin');
      return f;
    };
    const post = (size: number) =>
      fetch(`${ferry.url}/file/${upload.id}`, { method: 'POST', body: form(size), headers: { 'X-UploadToken': upload.uploadToken! } });
    const tooBig = await post(101);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toBe('file too big (limit is set to 100 B)\n');
    expect((await post(100)).status).toBe(200);
    const overQuota = await post(60);
    expect(overQuota.status).toBe(413);
    expect(await overQuota.text()).toBe('maximum user upload size reached. (150 B)\n');
  });
});

describe('FeatureAuthentication = forced', () => {
  it('refuses anonymous uploads', async () => {
    const forced = await startTestFerry({ FeatureAuthentication: 'forced' });
    try {
      const response = await fetch(`${forced.url}/upload`, { method: 'POST' });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe('anonymous uploads are disabled\n');
    } finally {
      await forced.close();
    }
  });
});

describe('FeatureAuthentication = disabled', () => {
  it("has no accounts: a password sign-in and the Gokapi API are refused, each in its API's words", async () => {
    const off = await startTestFerry({ FeatureAuthentication: 'disabled' });
    try {
      const login = await fetch(`${off.url}/auth/local/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'secret' }),
      });
      expect(login.status).toBe(400);
      expect(await login.text()).toBe('authentication is disabled\n');
      const api = await fetch(`${off.url}/api/files/list`, { headers: { apikey: 'any-key' } });
      expect(api.status).toBe(401);
      expect(await api.json()).toEqual({
        status: 401,
        message: 'the API needs a user token, and this server has no users (FeatureAuthentication is disabled)',
      });
    } finally {
      await off.close();
    }
  });
});
