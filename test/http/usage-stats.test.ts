// Plik 1.4's usage statistics over HTTP: GET /stats and /me/stats (?token=) with the nested usage object beside the
// legacy flat fields, token.stats on GET /me/token, user stats on GET /users, and the trending lists with their
// window, sort and limit rules; who may see what; counts that two instances on one database add up exactly.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectMetadataDatabase } from '../../src/metadata/open.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let admin: Session;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', FeatureExtendTTL: 'enabled', MaxTTL: -1 });
  await ferry.services.users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  admin = await signIn(ferry.url, 'admin', 'admin-password');
});
afterAll(() => ferry.close());

const JSON_ERRORS = { Accept: 'application/json' };
const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${ferry.url}${path}`, { headers: { ...JSON_ERRORS, ...headers } });
  return { status: response.status, body: await response.json() };
};
const servedBytes = async () => (await get('/stats', admin.read)).body.usage.downloads.bytes as number;
/**
 * Downloads, then waits for the download to be counted: the counts are written once the response has gone, the
 * server's lifetime bytes last of all (ActivityService.served).
 */
const download = async (upload: UploadJson, file: FileJson, headers: Record<string, string> = {}) => {
  const before = await servedBytes();
  const body = await (await fetch(fileUrl(ferry.url, upload, file), { headers })).text();
  await expect.poll(servedBytes).toBeGreaterThanOrEqual(before + Buffer.byteLength(body));
  return body;
};

let users = 0;
async function newUser(): Promise<Session & { id: string }> {
  const login = `usage${++users}`;
  await ferry.services.users.create({ provider: 'local', login, password: `${login}-password` });
  return { ...(await signIn(ferry.url, login, `${login}-password`)), id: `local:${login}` };
}

const zeroFeatures = {
  passwordUploads: 0,
  removableUploads: 0,
  oneShotUploads: 0,
  streamUploads: 0,
  extendTTLUploads: 0,
  e2eeUploads: 0,
  commentUploads: 0,
};
const zeroTtl = {
  noneUploads: 0,
  lessThan1HourUploads: 0,
  oneHourToOneDayUploads: 0,
  oneDayToSevenDaysUploads: 0,
  sevenDaysTo30DaysUploads: 0,
  greaterThan30DaysUploads: 0,
};
const zeroSizes = {
  lessThan1MBFiles: 0,
  oneMBTo10MBFiles: 0,
  tenMBTo100MBFiles: 0,
  hundredMBTo1GBFiles: 0,
  oneGBTo10GBFiles: 0,
  tenGBTo100GBFiles: 0,
  greaterThan100GBFiles: 0,
};
const DAY = 86_400;
const MIB = 1024 * 1024;

describe('who may read the statistics', () => {
  it('keeps /stats and the trending lists to server admins, /me/stats and /me/stats/trending/uploads to a signed-in user', async () => {
    const user = await newUser();
    for (const path of ['/stats', '/stats/trending/uploads', '/stats/trending/files']) {
      expect((await get(path)).status, path).toBe(401);
      expect(await get(path, user.read), path).toEqual({
        status: 403,
        body: { status: 403, message: 'you need administrator privileges' },
      });
      expect((await get(path, admin.read)).status, path).toBe(200);
    }
    for (const path of ['/me/stats', '/me/stats/trending/uploads']) {
      expect((await get(path)).status, path).toBe(401);
      expect((await get(path, user.read)).status, path).toBe(200);
    }
    // Bad parameters are looked at only once the requester may ask.
    expect((await get('/stats/trending/uploads?window=never', user.read)).status).toBe(403);
    expect((await get('/me/stats/trending/uploads?window=never')).status).toBe(401);
  });

  it("never shows one user another's figures: not through ?token=, not in their trending uploads", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const token = (await (await fetch(`${ferry.url}/me/token`, { method: 'POST', headers: owner.write, body: '{}' })).json()).token;
    const upload = await createUpload(ferry.url, { comments: 'mine' }, { 'X-PlikToken': token });
    const file = await addFile(ferry.url, upload, 'owner data', 'o.txt');
    await download(upload, file);

    const asOwner = await get(`/me/stats?token=${token}`, owner.read);
    expect(asOwner.body).toMatchObject({ uploads: 1, usage: { downloads: { total: 1 }, lifetime: { uploads: 1 } } });
    // The other user names the owner's token: nothing of it is theirs.
    const asOther = await get(`/me/stats?token=${token}`, other.read);
    expect(asOther.status).toBe(200);
    expect(asOther.body).toMatchObject({
      uploads: 0,
      files: 0,
      totalSize: 0,
      usage: { downloads: { total: 0, bytes: 0 }, uploads: { total: 0 } },
    });
    expect(asOther.body.usage).not.toHaveProperty('startedAt');
    expect((await get('/me/stats/trending/uploads', other.read)).body).toEqual([]);
    expect((await get('/me/stats/trending/uploads', owner.read)).body.map((item: { id: string }) => item.id)).toEqual([upload.id]);
  });
});

describe('GET /me/stats', () => {
  it("keeps the legacy flat counts and adds Plik's usage: current and lifetime with feature, TTL and size buckets", async () => {
    const user = await newUser();
    const write = { ...user.write, 'Content-Type': 'application/json' };
    const kept = await createUpload(ferry.url, { ttl: 60, oneShot: true, comments: ' note ', removable: true }, write);
    await addFile(ferry.url, kept, 'a'.repeat(10), 'a.txt');
    await addFile(ferry.url, kept, new Uint8Array(2 * MIB), 'b.bin');
    const secret = await createUpload(ferry.url, { ttl: 2 * 3600, login: 'me', password: 'pw', removable: false, extend_ttl: true }, write);
    await addFile(ferry.url, secret, 'c', 'c.txt');
    const forever = await createUpload(ferry.url, { ttl: -1, removable: true, e2ee: 'age' }, write);
    // The server takes only bytes that start as an age file's in an e2ee upload.
    const sealed = 'age-encryption.org/v1\n';
    await addFile(ferry.url, forever, sealed, 'd.txt.age');
    const gone = await createUpload(ferry.url, { ttl: 40 * DAY }, write);
    await addFile(ferry.url, gone, 'eee', 'e.txt');
    await createUpload(ferry.url, { ttl: 3 * DAY }, write);
    expect((await fetch(`${ferry.url}/upload/${gone.id}`, { method: 'DELETE', headers: write })).status).toBe(200);

    const { status, body } = await get('/me/stats', user.read);
    expect(status).toBe(200);
    // The deleted and the empty upload use none.
    const usedFeatures = {
      ...zeroFeatures,
      oneShotUploads: 1,
      commentUploads: 1,
      passwordUploads: 1,
      extendTTLUploads: 1,
      e2eeUploads: 1,
      removableUploads: 2,
    };
    const heldSize = 10 + 2 * MIB + 1 + sealed.length;
    // What is held now: the three uploads with files (the empty one and the deleted one hold nothing).
    expect(body).toMatchObject({ uploads: 3, files: 4, totalSize: heldSize });
    expect(body.usage.current).toEqual({
      uploads: 3,
      files: 4,
      totalSize: heldSize,
      features: usedFeatures,
      ttl: { ...zeroTtl, lessThan1HourUploads: 1, oneHourToOneDayUploads: 1, noneUploads: 1 },
      fileSizes: { ...zeroSizes, lessThan1MBFiles: 3, oneMBTo10MBFiles: 1 },
    });
    // Since the counters started: every upload made, the deleted one and the empty one too.
    expect(body.usage.lifetime).toEqual({
      uploads: 5,
      files: 5,
      totalSize: heldSize + 3,
      features: usedFeatures,
      ttl: {
        ...zeroTtl,
        lessThan1HourUploads: 1,
        oneHourToOneDayUploads: 1,
        noneUploads: 1,
        greaterThan30DaysUploads: 1,
        oneDayToSevenDaysUploads: 1,
      },
      fileSizes: { ...zeroSizes, lessThan1MBFiles: 4, oneMBTo10MBFiles: 1 },
    });
    expect(body.usage.uploads).toEqual({ total: 5, bytes: heldSize + 3, today: 5, last7Days: 5, last30Days: 5 });
    expect(body.usage.downloads).toEqual({ total: 0, bytes: 0, today: 0, last7Days: 0, last30Days: 0 });
    expect(Date.parse(body.usage.lastUploadAt)).toBeGreaterThanOrEqual(Date.parse(body.usage.startedAt));
  });

  it('counts downloads and their bytes, a Range response by its bytes alone, in the windows and the daily series alike', async () => {
    const user = await newUser();
    const upload = await createUpload(ferry.url, {}, user.write);
    const file = await addFile(ferry.url, upload, '0123456789', 'ten.txt');
    await download(upload, file);
    await download(upload, file);
    expect(await download(upload, file, { Range: 'bytes=2-4' })).toBe('234');
    await expect
      .poll(async () => (await get('/me/stats', user.read)).body.usage.downloads)
      .toEqual({ total: 2, bytes: 23, today: 2, last7Days: 2, last30Days: 2 });
    const series = (await get('/me/stats/activity/daily?days=30', user.read)).body as Array<{ downloads: number }>;
    expect(series.reduce((sum, day) => sum + day.downloads, 0)).toBe(2);
  });

  it('answers a token its own figures, without windows (tokens have no day series), and 200 with zeros for an unknown one', async () => {
    const user = await newUser();
    const create = async () =>
      (await (await fetch(`${ferry.url}/me/token`, { method: 'POST', headers: user.write, body: '{}' })).json()).token;
    const [used, idle] = [await create(), await create()];
    const upload = await createUpload(ferry.url, {}, { 'X-PlikToken': used });
    await addFile(ferry.url, upload, 'tok', 't.txt');
    await createUpload(ferry.url, {}, user.write);
    const { body } = await get(`/me/stats?token=${used}`, user.read);
    expect(body).toMatchObject({
      uploads: 1,
      files: 1,
      totalSize: 3,
      usage: { uploads: { total: 1, bytes: 3 }, downloads: { total: 0, bytes: 0 } },
    });
    expect(Object.keys(body.usage.downloads).sort()).toEqual(['bytes', 'total']);
    expect(Object.keys(body.usage.uploads).sort()).toEqual(['bytes', 'total']);
    // By its prefix too, as lists show it.
    expect((await get(`/me/stats?token=${used.slice(0, 8)}`, user.read)).body.usage.lifetime.uploads).toBe(1);
    expect((await get(`/me/stats?token=${idle}`, user.read)).body).toMatchObject({ uploads: 0, usage: { lifetime: { uploads: 0 } } });
    // The user's own figures take in every upload, the token's and the session's.
    expect((await get('/me/stats', user.read)).body.usage.lifetime.uploads).toBe(2);
  });
});

describe('GET /me/token and GET /users', () => {
  it('give each token its stats.usage, scoped to the token and without windows', async () => {
    const user = await newUser();
    const token = (await (await fetch(`${ferry.url}/me/token`, { method: 'POST', headers: user.write, body: '{}' })).json()).token;
    const upload = await createUpload(ferry.url, {}, { 'X-PlikToken': token });
    const file = await addFile(ferry.url, upload, 'abcd', 'abcd.txt');
    await download(upload, file);
    const { body } = await get('/me/token', user.read);
    const [listed] = body.results;
    expect(listed.token).toBe(token.slice(0, 8));
    expect(listed.stats.usage).toMatchObject({
      downloads: { total: 1, bytes: 4 },
      uploads: { total: 1, bytes: 4 },
      current: { uploads: 1, files: 1, totalSize: 4 },
      lifetime: { uploads: 1, files: 1, totalSize: 4 },
    });
    expect(listed.stats.usage.downloads).not.toHaveProperty('today');
    expect(Object.keys(listed.stats)).toEqual(['usage']);
  });

  it('give each user of the admin list the /me/stats shape, without windows', async () => {
    const user = await newUser();
    const upload = await createUpload(ferry.url, {}, user.write);
    await addFile(ferry.url, upload, 'xyz', 'x.txt');
    const { body } = await get('/users?limit=100', admin.read);
    const listed = body.results.find((u: { id: string }) => u.id === user.id);
    expect(listed.stats).toMatchObject({
      uploads: 1,
      files: 1,
      totalSize: 3,
      usage: { uploads: { total: 1, bytes: 3 }, current: { files: 1 } },
    });
    expect(Object.keys(listed.stats.usage.uploads).sort()).toEqual(['bytes', 'total']);
    const quiet = body.results.find((u: { id: string }) => u.id === 'local:admin');
    expect(quiet.stats).toMatchObject({ uploads: 0, files: 0, totalSize: 0 });
  });
});

describe('GET /stats', () => {
  it("keeps the flat legacy fields, adds lifetimeUsers, the server's usage with windows and the anonymous usage without", async () => {
    const before = (await get('/stats', admin.read)).body;
    await newUser();
    const anonymous = await createUpload(ferry.url, {});
    const file = await addFile(ferry.url, anonymous, 'anon!', 'anon.txt');
    await download(anonymous, file);
    const { status, body } = await get('/stats', admin.read);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'users',
      'uploads',
      'anonymousUploads',
      'files',
      'totalSize',
      'anonymousTotalSize',
      'lifetimeUsers',
      'usage',
      'anonymousUsage',
    ]);
    expect(body).toMatchObject({
      users: before.users + 1,
      lifetimeUsers: before.lifetimeUsers + 1,
      uploads: before.uploads + 1,
      anonymousUploads: before.anonymousUploads + 1,
      anonymousTotalSize: before.anonymousTotalSize + 5,
    });
    // The flat fields and the usage's current figures are one count.
    expect(body.usage.current).toMatchObject({ uploads: body.uploads, files: body.files, totalSize: body.totalSize });
    expect(body.usage.downloads).toMatchObject({ total: before.usage.downloads.total + 1, today: before.usage.downloads.today + 1 });
    expect(body.usage.downloads.last7Days).toBeGreaterThanOrEqual(body.usage.downloads.today);
    expect(body.usage.uploads.last30Days).toBeGreaterThanOrEqual(body.usage.uploads.last7Days);
    expect(body.anonymousUsage).toMatchObject({
      downloads: { total: before.anonymousUsage.downloads.total + 1, bytes: before.anonymousUsage.downloads.bytes + 5 },
      current: { uploads: body.anonymousUploads, totalSize: body.anonymousTotalSize },
    });
    expect(Object.keys(body.anonymousUsage.downloads).sort()).toEqual(['bytes', 'total']);
  });
});

describe('the trending lists', () => {
  const trending = async (query: string, session = admin) => get(`/stats/trending/uploads${query}`, session.read);

  it('refuse an unknown window or sort and a limit that is not a positive integer, in Plik words and format', async () => {
    for (const [query, message] of [
      ['?window=2d', 'invalid trending window'],
      ['?window=ALL', 'invalid trending window'],
      ['?sort=size', 'invalid trending sort'],
      ['?limit=0', 'limit must be positive'],
      ['?limit=-3', 'limit must be positive'],
      ['?limit=1.5', 'invalid limit'],
      ['?limit=many', 'invalid limit'],
    ] as const) {
      for (const path of ['/stats/trending/uploads', '/me/stats/trending/uploads']) {
        expect(await get(`${path}${query}`, admin.read), `${path}${query}`).toEqual({ status: 400, body: { status: 400, message } });
      }
    }
    expect((await get('/stats/trending/files?window=1w', admin.read)).body).toEqual({ status: 400, message: 'invalid trending window' });
    expect((await get('/stats/trending/files?limit=0', admin.read)).status).toBe(400);
    // Without Accept: application/json, Plik's plain text.
    const plain = await fetch(`${ferry.url}/stats/trending/uploads?window=2d`, { headers: admin.read });
    expect([plain.status, await plain.text()]).toEqual([400, 'invalid trending window\n']);
    // Every documented value is taken; a limit over 100 is 100, not an error.
    for (const query of [
      '',
      '?window=all',
      '?window=1d',
      '?window=7d',
      '?window=30d',
      '?sort=downloads',
      '?sort=downloadedBytes',
      '?limit=1000',
    ]) {
      expect((await trending(query)).status, query).toBe(200);
    }
  });

  it('rank uploads by downloads or by bytes served, leave out those with none, and show a limit of them', async () => {
    const user = await newUser();
    const make = async (content: string) => {
      const upload = await createUpload(ferry.url, { comments: content.slice(0, 4) }, user.write);
      return { upload, file: await addFile(ferry.url, upload, content, 'f.txt') };
    };
    const many = await make('many-small');
    const big = await make('B'.repeat(5000));
    const idle = await make('idle');
    for (let n = 0; n < 3; n++) await download(many.upload, many.file);
    await download(big.upload, big.file);
    // A Range response counts bytes, not a download.
    await download(big.upload, big.file, { Range: 'bytes=0-999' });

    const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);
    const mine = async (query: string) => ids((await get(`/me/stats/trending/uploads${query}`, user.read)).body);
    expect(await mine('')).toEqual([many.upload.id, big.upload.id]);
    expect(await mine('?sort=downloadedBytes')).toEqual([big.upload.id, many.upload.id]);
    expect(await mine('?limit=1')).toEqual([many.upload.id]);
    expect((await mine('?window=1d')).includes(idle.upload.id)).toBe(false);

    const [first] = (await get('/me/stats/trending/uploads', user.read)).body;
    expect(first).toEqual({
      id: many.upload.id,
      type: 'upload',
      comments: 'many',
      user: user.id,
      size: 10,
      files: 1,
      downloadCount: 3,
      downloadedBytes: 30,
      lastDownloadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The admin's list has them too, among everyone's.
    const everyone = ids((await trending('?limit=100')).body);
    expect(everyone.indexOf(many.upload.id)).toBeLessThan(everyone.indexOf(big.upload.id));
  });

  it('rank files by downloads, a zip counting one for each of its files, and forget a deleted upload', async () => {
    const user = await newUser();
    const upload = await createUpload(ferry.url, {}, user.write);
    const one = await addFile(ferry.url, upload, 'one', 'one.txt');
    const two = await addFile(ferry.url, upload, 'two!', 'two.txt');
    for (let n = 0; n < 50; n++) await download(upload, two);
    const zip = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(zip.status).toBe(200);
    await zip.arrayBuffer();
    const trendingFiles = async () =>
      (await get('/stats/trending/files?window=1d&limit=100', admin.read)).body as Array<Record<string, unknown>>;
    await expect.poll(async () => (await trendingFiles()).find((item) => item.id === one.id)?.downloadCount).toBe(1);
    const files = await trendingFiles();
    const mine = files.filter((item) => item.uploadID === upload.id);
    expect(mine).toEqual([
      {
        id: two.id,
        type: 'file',
        uploadID: upload.id,
        name: 'two.txt',
        user: user.id,
        size: 4,
        downloadCount: 51,
        downloadedBytes: 0,
        lastDownloadedAt: expect.any(String),
      },
      expect.objectContaining({ id: one.id, downloadCount: 1 }),
    ]);
    expect(files[0]).toMatchObject({ id: two.id }); // 51 downloads: more than any other test's file
    expect((await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: user.write })).status).toBe(200);
    for (const window of ['all', '1d']) {
      const after = (await get(`/stats/trending/files?window=${window}&limit=100`, admin.read)).body as Array<{ uploadID: string }>;
      expect(
        after.some((item) => item.uploadID === upload.id),
        window,
      ).toBe(false);
      const uploads = (await get(`/stats/trending/uploads?window=${window}&limit=100`, admin.read)).body as Array<{ id: string }>;
      expect(
        uploads.some((item) => item.id === upload.id),
        window,
      ).toBe(false);
    }
  });

  it('count a window of UTC days with today as its first: 7d takes 6 days back, 30d 29, all every download', async () => {
    const user = await newUser();
    const upload = await createUpload(ferry.url, {}, user.write);
    const file = await addFile(ferry.url, upload, 'old', 'old.txt');
    await download(upload, file);
    // Downloads of days gone by, written as the counters would have on those days.
    const { db } = await connectMetadataDatabase(loadConfig({ flags: ferry.storage.options }).config);
    try {
      const dayBack = (n: number) => new Date(Date.now() - n * DAY * 1000).toISOString().slice(0, 10);
      for (const [back, downloads] of [
        [6, 10],
        [7, 100],
        [29, 1000],
        [30, 10_000],
      ] as const) {
        await sql`insert into download_days (id, day, upload_id, file_id, downloads, bytes) values (${`${dayBack(back)} ${upload.id}`}, ${dayBack(back)}, ${upload.id}, '', ${downloads}, ${downloads})`.execute(
          db,
        );
      }
    } finally {
      await db.destroy();
    }
    const countIn = async (window: string) => {
      const items = (await get(`/me/stats/trending/uploads?window=${window}`, user.read)).body as Array<{
        downloadCount: number;
        downloadedBytes: number;
      }>;
      return items.map((item) => [item.downloadCount, item.downloadedBytes]);
    };
    expect(await countIn('1d')).toEqual([[1, 3]]);
    expect(await countIn('7d')).toEqual([[11, 13]]);
    expect(await countIn('30d')).toEqual([[1111, 1113]]);
    // The lifetime counters of the upload: what was served since it was made.
    expect(await countIn('all')).toEqual([[1, 3]]);
  });

  it('count every one of many downloads served at once by two instances on one database', async () => {
    const user = await newUser();
    const second = await startTestFerry(
      { FeatureAuthentication: 'enabled', FeatureExtendTTL: 'enabled', MaxTTL: -1 },
      { alongside: ferry },
    );
    try {
      const upload = await createUpload(ferry.url, { comments: 'raced' }, user.write);
      const file = await addFile(ferry.url, upload, 'z'.repeat(100), 'z.bin');
      const PARALLEL = 30;
      const bodies = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => (await fetch(fileUrl(i % 2 ? second.url : ferry.url, upload, file))).text()),
      );
      expect(bodies.filter((body) => body.length !== 100)).toEqual([]);
      const expected = { downloadCount: PARALLEL, downloadedBytes: PARALLEL * 100 };
      for (const window of ['all', '1d']) {
        const first = async () => (await get(`/me/stats/trending/uploads?window=${window}`, user.read)).body[0];
        await expect.poll(first).toMatchObject(expected);
      }
      // The lifetime counters are written last of a download's counts: waited for on their own.
      const usage = async () => (await get('/me/stats', user.read)).body.usage;
      await expect.poll(async () => (await usage()).downloads).toMatchObject({ total: PARALLEL, bytes: PARALLEL * 100, today: PARALLEL });
      expect((await usage()).current.features.commentUploads).toBe(1);
    } finally {
      await second.close();
    }
  });
});
