// Plik 1.4's lists over HTTP: GET /me/uploads and /uploads sorted by date, size, downloads and downloadedBytes and
// narrowed by each upload option; GET /users sorted by date, size, lifetimeSize and downloadedBytes and narrowed by
// provider and admin; GET /me/token by date and size; GET /users/search; total in every page; 400 in Plik's error
// format for a value no list knows; and nobody's filters reaching another user's uploads.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, basicAuth, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let admin: Session;
let alice: Session;
let bob: Session;
let carol: Session;
let adminToken: string;
let aliceToken: string;
/** Alice's uploads, oldest first: each sort gives them a different order. */
let sized: UploadJson[];
let carolsStream: UploadJson;
let carolsFile: UploadJson;
/** Bob's two tokens: `used` made an upload of 500 bytes, `unused` is the newer. */
let bobsTokens: { used: string; unused: string };

interface Listed<T> {
  results: T[];
  total: number;
  after: string | null;
  before: string | null;
}

const get = (path: string, headers: Record<string, string>) => fetch(`${ferry.url}${path}`, { headers });
async function list<T = UploadJson>(path: string, headers: Record<string, string>): Promise<Listed<T>> {
  const response = await get(path, headers);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Listed<T>;
}
const ids = (items: { id: string }[]) => items.map((item) => item.id);
const idsOf = async (path: string, headers: Record<string, string>) => ids((await list(path, headers)).results);

/** Downloads a file whole `times` times, waiting until the upload counts each. */
async function download(upload: UploadJson, file: FileJson, times: number, headers: Record<string, string> = {}) {
  for (let n = 0; n < times; n++) await (await fetch(fileUrl(ferry.url, upload, file), { headers })).arrayBuffer();
  // Counted as each response ends, just after its last byte reached the client.
  await vi.waitFor(
    async () => {
      const seen = (await (await get(`/upload/${upload.id}`, admin.read)).json()) as { downloadCount: number };
      expect(seen.downloadCount).toBe(times);
    },
    { timeout: 10_000 },
  );
}

/** An upload made with these headers (a session's, or a token), holding one file of `bytes` bytes unless 0. */
async function uploadWith(headers: Record<string, string>, options: object, bytes: number) {
  const upload = await createUpload(ferry.url, options, headers);
  const file = bytes > 0 ? await addFile(ferry.url, upload, 'x'.repeat(bytes), 'f.bin') : undefined;
  return { upload, file: file! };
}

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', FeatureExtendTTL: 'enabled' });
  const { users, tokens } = ferry.services;
  const adminUser = await users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  const aliceUser = await users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice Liddell' });
  const bobUser = await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password', email: 'bob@example.org' });
  await users.create({ provider: 'local', login: 'carol', password: 'carol-password' });
  await users.create({ provider: 'oidc', login: 'dave', name: 'Dave', email: 'dave@idp.example' });
  [admin, alice, bob, carol] = await Promise.all([
    signIn(ferry.url, 'admin', 'admin-password'),
    signIn(ferry.url, 'alice', 'alice-password'),
    signIn(ferry.url, 'bobby', 'bobby-password'),
    signIn(ferry.url, 'carol', 'carol-password'),
  ]);
  adminToken = (await tokens.create(adminUser, 'admin script')).value;
  aliceToken = (await tokens.create(aliceUser, 'alice script')).value;

  // Alice's four uploads: by date 1 2 3 4, by size 1 3 2 4, by downloads 4 3 1 2, by bytes served 3 1 4 2.
  const one = await uploadWith(alice.write, { removable: true }, 300);
  const two = await uploadWith(alice.write, { removable: true, oneShot: true }, 100);
  const three = await uploadWith(alice.write, { removable: true, login: 'alice', password: 'secret' }, 200);
  const four = await uploadWith(alice.write, { removable: false, extend_ttl: true }, 50);
  await download(one.upload, one.file, 1);
  await download(three.upload, three.file, 2, { Authorization: basicAuth('alice', 'secret') });
  await download(four.upload, four.file, 3);
  sized = [one.upload, two.upload, three.upload, four.upload];

  carolsStream = (await uploadWith(carol.write, { stream: true }, 0)).upload;
  // End-to-end encrypted (Plik 1.4's e2ee: the bytes are sealed by the client; the server checks only that they
  // start as an age file's).
  carolsFile = await createUpload(ferry.url, { e2ee: 'age' }, carol.write);
  await addFile(ferry.url, carolsFile, 'age-encryption.org/v1\n', 'f.bin.age');

  // Bob uploaded 1500 bytes in all and holds 500 now; his files served 500 bytes.
  const gone = await uploadWith(bob.write, { removable: true }, 1000);
  expect((await fetch(`${ferry.url}/upload/${gone.upload.id}`, { method: 'DELETE', headers: bob.write })).status).toBe(200);
  const used = (await tokens.create(bobUser, 'used')).value;
  const kept = await uploadWith({ 'X-PlikToken': used }, {}, 500);
  await download(kept.upload, kept.file, 1);
  bobsTokens = { used, unused: (await tokens.create(bobUser, 'unused')).value };
});
afterAll(() => ferry?.close());

describe('GET /me/uploads sorts', () => {
  it('by date unless told, newest first, oldest first with order=asc', async () => {
    for (const query of ['', '?sort=date', '?sort=createdAt']) {
      const desc = (await list(`/me/uploads${query}`, alice.read)).results.map((u) => Date.parse(u.createdAt as string));
      expect(desc).toEqual([...desc].sort((a, b) => b - a));
    }
    const asc = await list('/me/uploads?sort=date&order=asc', alice.read);
    expect(new Set(ids(asc.results))).toEqual(new Set(ids(sized)));
    const times = asc.results.map((u) => Date.parse(u.createdAt as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('by size: the bytes of their files', async () => {
    const [one, two, three, four] = ids(sized);
    expect(await idsOf('/me/uploads?sort=size', alice.read)).toEqual([one, three, two, four]);
    expect(await idsOf('/me/uploads?sort=size&order=asc', alice.read)).toEqual([four, two, three, one]);
  });

  it('by downloads: whole downloads counted', async () => {
    const [one, two, three, four] = ids(sized);
    expect(await idsOf('/me/uploads?sort=downloads', alice.read)).toEqual([four, three, one, two]);
    expect(await idsOf('/me/uploads?sort=downloads&order=asc', alice.read)).toEqual([two, one, three, four]);
  });

  it('by downloadedBytes: the bytes served', async () => {
    const [one, two, three, four] = ids(sized);
    expect(await idsOf('/me/uploads?sort=downloadedBytes', alice.read)).toEqual([three, one, four, two]);
    expect(await idsOf('/me/uploads?sort=downloadedBytes&order=asc', alice.read)).toEqual([two, four, one, three]);
  });

  it('pages a sorted list without a row twice or left out, by cursor and by offset', async () => {
    const whole = await idsOf('/me/uploads?sort=size', alice.read);
    const first = await list('/me/uploads?sort=size&limit=3', alice.read);
    const next = await list(`/me/uploads?sort=size&limit=3&after=${encodeURIComponent(first.after!)}`, alice.read);
    expect([...ids(first.results), ...ids(next.results)]).toEqual(whole);
    expect(next.after).toBeNull();
    expect(await idsOf('/me/uploads?sort=size&offset=1&limit=2', alice.read)).toEqual(whole.slice(1, 3));
  });

  it('refuses any other sort with 400, in Plik’s words and in JSON when asked', async () => {
    for (const path of ['/me/uploads?sort=name', '/me/uploads?sort=lifetimeSize', '/me/uploads?sort=SIZE']) {
      const refused = await get(path, alice.read);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/^invalid sort, expected one of date, size, downloads, downloadedBytes/);
    }
    const json = await get('/me/uploads?sort=name', { ...alice.read, Accept: 'application/json' });
    expect(await json.json()).toEqual({ status: 400, message: expect.stringMatching(/^invalid sort/) });
  });
});

describe('GET /me/uploads filters', () => {
  const [ONE, TWO, THREE, FOUR] = [0, 1, 2, 3];
  const pick = (...indexes: number[]) => indexes.map((i) => sized[i]!.id);
  const filtered = (query: string) => idsOf(`/me/uploads?sort=size&${query}`, alice.read);

  // Each option: the uploads with it (=true) and those without (=false), by size.
  it.each([
    ['oneShot', [TWO], [ONE, THREE, FOUR]],
    ['removable', [ONE, THREE, TWO], [FOUR]],
    ['extendTTL', [FOUR], [ONE, THREE, TWO]],
    ['password', [THREE], [ONE, TWO, FOUR]],
  ])('%s', async (option, withIt, without) => {
    expect(await filtered(`${option}=true`)).toEqual(pick(...withIt));
    expect(await filtered(`${option}=false`)).toEqual(pick(...without));
  });

  it('stream', async () => {
    expect(await idsOf('/me/uploads?stream=true', carol.read)).toEqual([carolsStream.id]);
    expect(await idsOf('/me/uploads?stream=false', carol.read)).toEqual([carolsFile.id]);
    expect(await filtered('stream=true')).toEqual([]);
  });

  it('e2ee', async () => {
    expect(await idsOf('/me/uploads?e2ee=true', carol.read)).toEqual([carolsFile.id]);
    expect(await idsOf('/me/uploads?e2ee=false', carol.read)).toEqual([carolsStream.id]);
    expect(await filtered('e2ee=true')).toEqual([]);
    expect(await filtered('e2ee=false')).toEqual(pick(ONE, THREE, TWO, FOUR));
  });

  it('several at once, each narrowing; Go’s spellings of true and false, an empty value no filter', async () => {
    expect(await filtered('removable=1&password=F')).toEqual(pick(ONE, TWO));
    expect(await filtered('removable=TRUE&oneShot=false&password=0')).toEqual(pick(ONE));
    expect(await filtered('oneShot=')).toEqual(pick(ONE, THREE, TWO, FOUR));
  });

  it('token: the uploads made with one of the user’s tokens', async () => {
    const made = await createUpload(ferry.url, {}, { 'X-PlikToken': aliceToken });
    try {
      expect(await idsOf(`/me/uploads?token=${aliceToken}`, alice.read)).toEqual([made.id]);
      expect(await idsOf(`/me/uploads?token=${aliceToken.slice(0, 8)}`, alice.read)).toEqual([made.id]);
    } finally {
      await fetch(`${ferry.url}/upload/${made.id}`, { method: 'DELETE', headers: alice.write });
    }
  });

  it('refuses a flag that is neither true nor false with 400', async () => {
    for (const query of ['oneShot=yes', 'stream=2', 'e2ee=age', 'password=on']) {
      const refused = await get(`/me/uploads?${query}`, alice.read);
      expect([refused.status, await refused.text()]).toEqual([400, `invalid ${query.split('=')[0]} filter, expected true or false\n`]);
    }
  });
});

describe('total', () => {
  it('counts the whole list, its filters applied, whatever the page', async () => {
    const page = await list('/me/uploads?limit=2', alice.read);
    expect([page.results.length, page.total]).toEqual([2, 4]);
    expect((await list('/me/uploads?limit=2&offset=2', alice.read)).total).toBe(4);
    expect((await list('/me/uploads?oneShot=false&limit=1', alice.read)).total).toBe(3);
    expect((await list('/me/uploads?e2ee=true', alice.read)).total).toBe(0);
    expect((await list('/uploads?user=local:alice&limit=1', admin.read)).total).toBe(4);
    expect((await list('/users?limit=1', admin.read)).total).toBe(5);
    expect((await list('/users?admin=true', admin.read)).total).toBe(1);
    expect((await list('/me/token?limit=1', bob.read)).total).toBe(2);
  });
});

describe('GET /uploads (admin)', () => {
  it('sorts and filters every user’s uploads, or one user’s', async () => {
    const [one, two, three, four] = ids(sized);
    expect(await idsOf('/uploads?user=local:alice&sort=downloads', admin.read)).toEqual([four, three, one, two]);
    expect(await idsOf('/uploads?user=local:alice&sort=size&oneShot=false', admin.read)).toEqual([one, three, four]);
    expect(await idsOf('/uploads?stream=true', admin.read)).toEqual([carolsStream.id]);
    const bySize = await idsOf('/uploads?sort=size&limit=3', admin.read);
    // Bob's 500 bytes, then Alice's 300 and 200; his 1000 are deleted.
    expect(bySize.slice(1)).toEqual([one, three]);
  });

  it('filters by token: anyone’s token, by value or prefix', async () => {
    const bobs = await idsOf(`/uploads?token=${bobsTokens.used}`, admin.read);
    expect(bobs).toHaveLength(1);
    expect(await idsOf(`/uploads?token=${bobsTokens.used.slice(0, 8)}`, admin.read)).toEqual(bobs);
    expect(await idsOf(`/uploads?token=${bobsTokens.unused}`, admin.read)).toEqual([]);
    expect(await idsOf(`/uploads?token=${bobsTokens.used}&user=local:alice`, admin.read)).toEqual([]);
  });

  it('refuses an unknown sort and an unreadable filter with 400', async () => {
    for (const query of ['sort=lifetimeSize', 'sort=', 'removable=maybe']) {
      const status = (await get(`/uploads?${query}`, admin.read)).status;
      expect([query, status]).toEqual([query, query === 'sort=' ? 200 : 400]);
    }
  });
});

describe('visibility', () => {
  it('keeps every filter of a user within their own uploads', async () => {
    const alices = new Set(ids(sized));
    for (const query of ['', '?sort=size', '?oneShot=true', '?password=true', `?token=${aliceToken}`, '?removable=false']) {
      const bobs = await list(`/me/uploads${query}`, bob.read);
      expect(ids(bobs.results).filter((id) => alices.has(id))).toEqual([]);
    }
    // Bob's token filter finds his upload; Alice naming his token finds nothing of his.
    expect(await idsOf(`/me/uploads?token=${bobsTokens.used}`, bob.read)).toHaveLength(1);
    const named = await list(`/me/uploads?token=${bobsTokens.used}`, alice.read);
    expect([named.results, named.total]).toEqual([[], 0]);
  });

  it('user= another user: a server admin’s session only, never a user token, whoever’s', async () => {
    const refused = await get('/me/uploads?user=local:alice', bob.read);
    expect([refused.status, await refused.text()]).toEqual([403, 'you need administrator privileges\n']);
    for (const token of [adminToken, aliceToken]) {
      const viaToken = await get('/me/uploads?user=local:bobby', { 'X-PlikToken': token });
      expect(viaToken.status).toBe(403);
    }
    expect(new Set(await idsOf('/me/uploads?user=local:alice', admin.read))).toEqual(new Set(ids(sized)));
    // Naming oneself is no filter at all, with a session or a token.
    expect(new Set(await idsOf('/me/uploads?user=local:alice', alice.read))).toEqual(new Set(ids(sized)));
    expect(new Set(await idsOf('/me/uploads?user=local:alice', { 'X-PlikToken': aliceToken }))).toEqual(new Set(ids(sized)));
  });

  it('GET /uploads, /users and /users/search answer 403 to a non-admin, a token included, and 401 to nobody', async () => {
    for (const path of ['/uploads?user=local:alice', '/users?admin=true', '/users/search?q=ali']) {
      for (const headers of [alice.read, { 'X-PlikToken': adminToken }]) expect((await get(path, headers)).status).toBe(403);
      expect((await get(path, {})).status).toBe(401);
    }
  });
});

describe('GET /users sorts and filters', () => {
  type UserJson = { id: string; createdAt: string; provider: string; admin: boolean };
  const users = (query: string) => list<UserJson>(`/users${query}`, admin.read);
  const userIds = async (query: string) => ids((await users(query)).results);
  /** The users in this order, then those with nothing counted, in any order. */
  const expectOrder = (listed: string[], first: string[], rest: string[]) => {
    expect(listed.slice(0, first.length)).toEqual(first);
    expect(new Set(listed.slice(first.length))).toEqual(new Set(rest));
  };

  it('by date unless told, newest first, oldest first with order=asc', async () => {
    for (const [query, direction] of [
      ['', -1],
      ['?sort=date', -1],
      ['?sort=date&order=asc', 1],
    ] as const) {
      const listed = (await users(query)).results;
      expect(listed).toHaveLength(5);
      const times = listed.map((u) => Date.parse(u.createdAt));
      expect(times).toEqual([...times].sort((a, b) => direction * (a - b)));
    }
  });

  it('by size: the bytes they hold now', async () => {
    expectOrder(await userIds('?sort=size'), ['local:alice', 'local:bobby', 'local:carol'], ['local:admin', 'oidc:dave']);
    expectOrder(
      (await userIds('?sort=size&order=asc')).reverse(),
      ['local:alice', 'local:bobby', 'local:carol'],
      ['local:admin', 'oidc:dave'],
    );
  });

  it('by lifetimeSize: all they ever uploaded, deleted uploads included', async () => {
    expectOrder(await userIds('?sort=lifetimeSize'), ['local:bobby', 'local:alice', 'local:carol'], ['local:admin', 'oidc:dave']);
  });

  it('by downloadedBytes: the bytes their files served', async () => {
    expectOrder(await userIds('?sort=downloadedBytes'), ['local:alice', 'local:bobby'], ['local:carol', 'local:admin', 'oidc:dave']);
  });

  it('by provider and admin', async () => {
    expect(await userIds('?provider=oidc')).toEqual(['oidc:dave']);
    expect(new Set(await userIds('?provider=local'))).toEqual(new Set(['local:admin', 'local:alice', 'local:bobby', 'local:carol']));
    expect(await userIds('?admin=true')).toEqual(['local:admin']);
    expect(await userIds('?admin=false&provider=local&sort=size')).toEqual(['local:alice', 'local:bobby', 'local:carol']);
  });

  it('refuses an unknown sort, provider or admin flag with 400', async () => {
    for (const [query, message] of [
      ['sort=downloads', /^invalid sort/],
      ['provider=myspace', /^invalid provider filter, expected one of local, /],
      ['admin=yes', /^invalid admin filter/],
    ] as const) {
      const refused = await get(`/users?${query}`, admin.read);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(message);
    }
  });
});

describe('GET /me/token sorts', () => {
  it('by date and by size; downloadedBytes is for users only', async () => {
    const tokens = async (query: string) => (await list<{ token: string }>(`/me/token${query}`, bob.read)).results.map((t) => t.token);
    const [used, unused] = [bobsTokens.used.slice(0, 8), bobsTokens.unused.slice(0, 8)];
    expect(await tokens('?sort=size')).toEqual([used, unused]);
    expect(await tokens('?sort=size&order=asc')).toEqual([unused, used]);
    const byDate = await list<{ createdAt: string }>('/me/token?sort=date', bob.read);
    const times = byDate.results.map((t) => Date.parse(t.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await get('/me/token?sort=downloadedBytes', bob.read)).status).toBe(400);
  });
});

describe('GET /users/search', () => {
  type Found = { id: string }[];
  const search = async (query: string) => {
    const response = await get(`/users/search?${query}`, admin.read);
    expect(response.status, await response.clone().text()).toBe(200);
    return ids((await response.json()) as Found);
  };

  it('finds a part of a login, name, email or id, whatever its case, by login', async () => {
    expect(await search('q=ali')).toEqual(['local:alice']);
    expect(await search('q=LIDDELL')).toEqual(['local:alice']);
    expect(await search('q=bob%40example')).toEqual(['local:bobby']);
    expect(await search('q=oidc%3A')).toEqual(['oidc:dave']);
    // Bob's by his email.
    expect(await search('q=a')).toEqual(['local:admin', 'local:alice', 'local:bobby', 'local:carol', 'oidc:dave']);
    expect(await search('q=nobody-has-this')).toEqual([]);
  });

  it('narrows by provider and admin, and answers limit users at most', async () => {
    expect(await search('q=a&provider=oidc')).toEqual(['oidc:dave']);
    expect(await search('q=a&admin=true')).toEqual(['local:admin']);
    expect(await search('q=a&limit=2')).toEqual(['local:admin', 'local:alice']);
    expect(await search('q=a&limit=100000')).toHaveLength(5);
  });

  it('shows no password hash', async () => {
    const response = await get('/users/search?q=alice', admin.read);
    // Plik's usage figures count passwordUploads: a field named for a password, not one.
    expect(await response.text()).not.toMatch(/argon2|"password"|passwordHash|password_hash/i);
  });

  it('refuses a missing query, a bad limit or filter with 400', async () => {
    for (const [query, message] of [
      ['', 'missing search query (q)'],
      ['q=%20', 'missing search query (q)'],
      ['q=a&limit=0', 'invalid limit, expected a positive integer'],
      ['q=a&limit=-1', 'invalid limit, expected a positive integer'],
      ['q=a&limit=1.5', 'invalid limit, expected a positive integer'],
      ['q=a&admin=maybe', 'invalid admin filter, expected true or false'],
    ]) {
      const refused = await get(`/users/search?${query}`, admin.read);
      expect([query, refused.status, await refused.text()]).toEqual([query, 400, `${message}\n`]);
    }
  });
});
