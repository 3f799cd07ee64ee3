// Ferry's daily activity (GET /me/activity, GET /activity for admins) counted from known uploads and downloads,
// across two instances on one database, and the stats of /me/stats and /stats, which count only what is still held.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectMetadataDatabase } from '../../src/metadata/open.js';
import type { DailyActivity } from '../../src/metadata/records/activity.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';

let ferry: TestFerry;
let admin: Session;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  await ferry.services.users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  admin = await signIn(ferry.url, 'admin', 'admin-password');
});
afterAll(() => ferry.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${ferry.url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
};
const today = () => new Date().toISOString().slice(0, 10);

type Counts = Omit<DailyActivity, 'day'>;

/** The last two days' counts added up: a test that runs across midnight (UTC) still finds all it did. */
const recentOf = async (path: string, session: Session): Promise<Counts> => {
  const { body } = await get(`${path}?days=2`, session.read);
  const days = body.days as DailyActivity[];
  const sum = (field: keyof Counts) => days.reduce((total, day) => total + day[field], 0);
  return {
    uploads: sum('uploads'),
    files: sum('files'),
    bytesUploaded: sum('bytesUploaded'),
    downloads: sum('downloads'),
    bytesDownloaded: sum('bytesDownloaded'),
  };
};

async function newUser(login: string): Promise<Session> {
  await ferry.services.users.create({ provider: 'local', login, password: `${login}-password` });
  return signIn(ferry.url, login, `${login}-password`);
}

describe('GET /me/activity and GET /activity', () => {
  it('need a user, an admin for the whole server, and a number of days from 1 to 366', async () => {
    const uma = await newUser('uma1');
    expect((await get('/me/activity')).status).toBe(401);
    expect(await get('/activity', uma.read)).toEqual({ status: 403, body: { status: 403, message: 'you need administrator privileges' } });
    expect((await get('/activity')).status).toBe(401);
    for (const days of ['0', '367', 'many', '-3']) {
      const refused = await get(`/me/activity?days=${days}`, uma.read);
      expect(refused.status, days).toBe(400);
      expect(refused.body.message).toMatch(days === 'many' ? /days/ : /^days must be from 1 to 366$/);
    }
    const { status, body } = await get('/me/activity?days=7', uma.read);
    expect(status).toBe(200);
    expect(body.days).toHaveLength(7);
    expect(body.days.at(-1)).toEqual({ day: today(), uploads: 0, files: 0, bytesUploaded: 0, downloads: 0, bytesDownloaded: 0 });
    expect(new Date(body.days[0].day).getTime()).toBe(new Date(today()).getTime() - 6 * 86_400_000);
    expect((await get('/me/activity', uma.read)).body.days).toHaveLength(30);
  });

  it("counts the uploads, files and downloads of a user's uploads, and of the server, to the byte", async () => {
    const vera = await newUser('vera');
    const wade = await newUser('wade');
    const serverBefore = await recentOf('/activity', admin);

    const upload = await createUpload(ferry.url, {}, vera.write);
    const five = await addFile(ferry.url, upload, '12345', 'five.txt');
    await addFile(ferry.url, upload, '1234567', 'seven.txt');
    const oneShot = await createUpload(ferry.url, { oneShot: true }, vera.write);
    const once = await addFile(ferry.url, oneShot, 'abc', 'once.txt');
    const anonymous = await createUpload(ferry.url, {});
    await addFile(ferry.url, anonymous, 'anon', 'anon.txt');

    // Two whole downloads, a Range of three bytes (bytes, not a download), the oneShot's one download...
    const requests: Record<string, string>[] = [{}, {}, { Range: 'bytes=1-3' }];
    for (const headers of requests) expect((await fetch(fileUrl(ferry.url, upload, five), { headers })).ok).toBe(true);
    expect(await (await fetch(fileUrl(ferry.url, oneShot, once))).text()).toBe('abc');
    // A zip of both files: two downloads, of the files' bytes.
    expect((await fetch(`${ferry.url}/archive/${upload.id}/all.zip`)).ok).toBe(true);

    const expected = { uploads: 2, files: 3, bytesUploaded: 15, downloads: 5, bytesDownloaded: 5 + 5 + 3 + 3 + 12 };
    await expect.poll(() => recentOf('/me/activity', vera)).toEqual(expected);
    expect(await recentOf('/me/activity', wade)).toMatchObject({ uploads: 0, downloads: 0 });
    const server = await recentOf('/activity', admin);
    expect(server).toEqual({
      uploads: serverBefore.uploads + 3,
      files: serverBefore.files + 4,
      bytesUploaded: serverBefore.bytesUploaded + 19,
      downloads: serverBefore.downloads + 5,
      bytesDownloaded: serverBefore.bytesDownloaded + 28,
    });

    // The stats count what is still held: the downloaded oneShot holds nothing, on either route.
    await expect.poll(async () => (await get('/me/stats', vera.read)).body).toMatchObject({ uploads: 1, files: 2, totalSize: 12 });
    const stats = (await get('/stats', admin.read)).body;
    const anonymousStats = { uploads: stats.anonymousUploads, totalSize: stats.anonymousTotalSize };
    expect(anonymousStats).toEqual({ uploads: 1, totalSize: 4 });
  });

  it('counts every one of many downloads served at once by two instances on one database', async () => {
    const xena = await newUser('xena');
    const second = await startTestFerry({ FeatureAuthentication: 'enabled' }, { alongside: ferry });
    try {
      const upload = await createUpload(ferry.url, {}, xena.write);
      const file = await addFile(ferry.url, upload, 'x'.repeat(1000), 'x.bin');
      const PARALLEL = 40;
      const bodies = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => (await fetch(fileUrl(i % 2 ? second.url : ferry.url, upload, file))).text()),
      );
      expect(bodies.every((body) => body.length === 1000)).toBe(true);
      await expect.poll(() => recentOf('/me/activity', xena)).toMatchObject({ downloads: PARALLEL, bytesDownloaded: PARALLEL * 1000 });
    } finally {
      await second.close();
    }
  });

  it("forgets a deleted user's activity; the server's keeps it", async () => {
    const yuri = await newUser('yuri');
    const upload = await createUpload(ferry.url, {}, yuri.write);
    await addFile(ferry.url, upload, 'y', 'y.txt');
    const serverBefore = await recentOf('/activity', admin);
    expect((await fetch(`${ferry.url}/user/local:yuri`, { method: 'DELETE', headers: admin.write })).status).toBe(200);
    await newUser('yuri');
    expect(await recentOf('/me/activity', await signIn(ferry.url, 'yuri', 'yuri-password'))).toMatchObject({ uploads: 0, files: 0 });
    expect(await recentOf('/activity', admin)).toEqual(serverBefore);
  });

  it('lets an upload and a download through when their counters cannot be written, and says so in the log', async () => {
    const written: string[] = [];
    const broken = await startTestFerry({ LogLevel: 'info' }, { logStream: { write: (line: string) => void written.push(line) } });
    try {
      const { db } = await connectMetadataDatabase(loadConfig({ flags: broken.storage.options }).config);
      await sql`drop table daily_activity`.execute(db);
      await db.destroy();
      const upload = await createUpload(broken.url, {});
      const file = await addFile(broken.url, upload, 'still here', 'still.txt');
      expect(await (await fetch(fileUrl(broken.url, upload, file))).text()).toBe('still here');
      const missed = () => written.map((line) => JSON.parse(line)).filter((line) => line.event === 'activity.not_counted');
      await expect
        .poll(() => missed().map((line) => line.counts))
        .toEqual([{ uploads: 1 }, { files: 1, bytesUploaded: 10 }, { downloads: 1, bytesDownloaded: 10 }]);
      expect(missed()[0]).toMatchObject({
        scopes: ['*'],
        msg: 'activity counters not updated',
        error: expect.stringMatching(/daily_activity/),
      });
    } finally {
      await broken.close();
    }
  });
});

describe("Plik 1.4's GET /me/stats/activity/daily and GET /stats/activity/daily", () => {
  type Point = { day: string; downloads: number; downloadedBytes: number; uploads: number; uploadedBytes: number };

  it('answer a dense series, oldest first, of the same counts as /me/activity', async () => {
    const yara = await newUser('yara');
    const upload = await createUpload(ferry.url, {}, yara.write);
    const file = await addFile(ferry.url, upload, '123456', 'six.txt');
    expect(await (await fetch(fileUrl(ferry.url, upload, file))).text()).toBe('123456');

    const series = async (query: string) => {
      const { status, body } = await get(`/me/stats/activity/daily${query}`, yara.read);
      expect(status).toBe(200);
      return body as Point[];
    };
    expect((await series('')).length).toBe(30);
    const month = await series('?days=31');
    expect(month.length).toBe(31);
    expect(month.map((point) => point.day)).toEqual([...month.map((point) => point.day)].sort());
    await expect.poll(async () => (await series('?days=2')).reduce((sum, point) => sum + point.downloads, 0)).toBe(1);
    const total = (await series('?days=2')).reduce(
      (sum, point) => ({
        uploads: sum.uploads + point.uploads,
        uploadedBytes: sum.uploadedBytes + point.uploadedBytes,
        downloads: sum.downloads + point.downloads,
        downloadedBytes: sum.downloadedBytes + point.downloadedBytes,
      }),
      { uploads: 0, uploadedBytes: 0, downloads: 0, downloadedBytes: 0 },
    );
    expect(total).toEqual({ uploads: 1, uploadedBytes: 6, downloads: 1, downloadedBytes: 6 });
    expect((await series('?days=1'))[0]).toMatchObject({ day: today() });
  });

  it('refuse days outside 1 to 31, or not an integer, with 400; the server-wide one is for admins', async () => {
    const zane = await newUser('zane');
    for (const days of ['0', '32', '1.5', 'abc', '-3']) {
      const response = await fetch(`${ferry.url}/me/stats/activity/daily?days=${days}`, { headers: zane.read });
      expect([days, response.status, await response.text()]).toEqual([
        days,
        400,
        `invalid days parameter "${days}": an integer from 1 to 31\n`,
      ]);
    }
    expect((await fetch(`${ferry.url}/stats/activity/daily`, { headers: zane.read })).status).toBe(403);
    const server = await get('/stats/activity/daily?days=7', admin.read);
    expect([server.status, server.body.length]).toEqual([200, 7]);
  });
});
