import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/model/model.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
let apiKey: string;
let otherKey: string;
let alice: User;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const { users, tokens } = ferry.services;
  alice = await users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
  const bob = await users.create({ provider: 'local', login: 'bobby', password: 'bobby-password' });
  apiKey = (await tokens.create(alice, 'ci')).value;
  otherKey = (await tokens.create(bob)).value;
});
afterAll(() => ferry.close());

/** A file field as curl's -F "file=@name" sends it. */
const file = (content: string | Uint8Array<ArrayBuffer>, name: string, type = 'application/octet-stream') => ({ content, name, type });
type Field = [string, string | ReturnType<typeof file>];

/** POST /api/files/add with the form's fields in the order given, as curl sends its -F options. */
async function add(fields: Field[], key = apiKey): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.content], { type: value.type }), value.name);
  }
  return fetch(`${ferry.url}/api/files/add`, { method: 'POST', headers: { apikey: key }, body: form });
}

async function addOk(fields: Field[]): Promise<GokapiAnswer> {
  const response = await add(fields);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as GokapiAnswer;
}

interface ArticleFileInfo {
  id: string;
  name: string;
  size: string;
  url: string;
  hotlinkUrl: string;
  remainingDownloads: number | null;
  expiry: number | null;
}

/** Gokapi's models.FileApiOutput, field for field, with Go's JSON types. */
const GOKAPI_FIELDS = {
  Id: 'string',
  Name: 'string',
  Size: 'string',
  HotlinkId: 'string',
  ContentType: 'string',
  ExpireAtString: 'string',
  UrlDownload: 'string',
  UrlHotlink: 'string',
  FileRequestId: 'string',
  UploadDate: 'number',
  ExpireAt: 'number',
  SizeBytes: 'number',
  DownloadsRemaining: 'number',
  DownloadCount: 'number',
  UnlimitedDownloads: 'boolean',
  UnlimitedTime: 'boolean',
  RequiresClientSideDecryption: 'boolean',
  IsEncrypted: 'boolean',
  IsEndToEndEncrypted: 'boolean',
  IsPasswordProtected: 'boolean',
  IsSavedOnLocalStorage: 'boolean',
  IsPendingDeletion: 'boolean',
  IsFileRequest: 'boolean',
  UploaderId: 'number',
} as const;
type GokapiFileInfo = {
  [K in keyof typeof GOKAPI_FIELDS]: (typeof GOKAPI_FIELDS)[K] extends 'string'
    ? string
    : (typeof GOKAPI_FIELDS)[K] extends 'number'
      ? number
      : boolean;
};

interface GokapiAnswer {
  result: string;
  fileInfo: ArticleFileInfo;
  Result: string;
  FileInfo: GokapiFileInfo;
  IncludeFilename: boolean;
}

const api = (path: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${ferry.url}${path}`, { ...init, headers: { apikey: init.key ?? apiKey, ...(init.headers as Record<string, string>) } });

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("the article's curl examples", () => {
  it('uploads a report with a download limit, an expiry and a password, as the article shows', async () => {
    const report = new Uint8Array(2_400_000).fill(37);
    const body = await addOk([
      ['file', file(report, 'report.pdf', 'application/pdf')],
      ['allowedDownloads', '5'],
      ['expiryDays', '7'],
      ['password', 'optional-password'],
    ]);
    expect(body.result).toBe('OK');
    const info = body.fileInfo;
    expect(info).toMatchObject({ name: 'report.pdf', size: '2.4 MB', remainingDownloads: 5, url: `${ferry.url}/d?id=${info.id}` });
    expect(info.expiry! - nowSeconds()).toBeGreaterThan(7 * 86400 - 60);
    expect(info.expiry! - nowSeconds()).toBeLessThanOrEqual(7 * 86400);
    // A password-protected file has no hotlink: a hotlink could not ask for the password.
    expect(info.hotlinkUrl).toBe('');

    // The password came after the file, and still protects it: the page asks for it.
    const page = await fetch(info.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('type="password"');
    expect(html).not.toContain('report.pdf');
    const form = (password: string) => fetch(info.url, { method: 'POST', body: new URLSearchParams({ password }) });
    expect((await form('wrong')).status).toBe(401);
    const download = await form('optional-password');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    // Compared as one Buffer: a deep equality over 2.4 million elements takes many seconds.
    expect(Buffer.from(await download.arrayBuffer()).equals(report)).toBe(true);
  });

  it("hands CI a link (jq -r '.fileInfo.url') whose page offers the artifact", async () => {
    const response = await add([
      ['file', file('apk bytes', 'app-v1.2.3.apk')],
      ['allowedDownloads', '10'],
      ['expiryDays', '3'],
    ]);
    const text = await response.text();
    // The script reads the answer as text, as `echo $RESPONSE | jq` does.
    const url = (JSON.parse(text) as GokapiAnswer).fileInfo.url;
    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain('app-v1.2.3.apk');
    expect(html).toContain('10 downloads left');
    const link = /href="([^"]+\?dl=1)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const artifact = await fetch(link);
    expect(artifact.status).toBe(200);
    expect(await artifact.text()).toBe('apk bytes');
  });

  it('shares a monthly report with one download and a password, and a backup for a day', async () => {
    const report = await addOk([
      ['file', file('report', 'report-2026-02.pdf')],
      ['allowedDownloads', '1'],
      ['expiryDays', '30'],
      ['password', 'secure-report-password'],
    ]);
    expect(report.fileInfo.remainingDownloads).toBe(1);
    const backup = await addOk([
      ['file', file('dump', 'db-dump-20260215.sql.gz')],
      ['allowedDownloads', '3'],
      ['expiryDays', '1'],
    ]);
    expect(backup.fileInfo.remainingDownloads).toBe(3);
    expect(backup.fileInfo.expiry! - nowSeconds()).toBeGreaterThan(86400 - 60);
    expect(backup.fileInfo.expiry! - nowSeconds()).toBeLessThanOrEqual(86400);
  });

  it('lists the active files and deletes one by ?id=', async () => {
    const { fileInfo } = await addOk([['file', file('to delete', 'old.txt')]]);
    const listed = (await (await api('/api/files/list')).json()) as ArticleFileInfo[];
    expect(listed.map((f) => f.id)).toContain(fileInfo.id);

    const deleted = await api(`/api/files/delete?id=${fileInfo.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ result: 'OK' });
    const after = (await (await api('/api/files/list')).json()) as ArticleFileInfo[];
    expect(after.map((f) => f.id)).not.toContain(fileInfo.id);
    expect((await fetch(fileInfo.url)).status).toBe(404);
  });
});

describe('a client written for Gokapi itself', () => {
  it('reads the PascalCase answer with Gokapi field names and types', async () => {
    const body = await addOk([
      ['allowedDownloads', '2'],
      ['expiryDays', '14'],
      ['file', file(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'Holiday Photo.PNG', 'image/png')],
    ]);
    expect(body.Result).toBe('OK');
    expect(body.IncludeFilename).toBe(false);
    const info = body.FileInfo;
    for (const [field, type] of Object.entries(GOKAPI_FIELDS)) expect(typeof info[field as keyof GokapiFileInfo], field).toBe(type);
    expect(info).toMatchObject({
      Id: body.fileInfo.id,
      Name: 'Holiday Photo.PNG',
      Size: '4 B',
      SizeBytes: 4,
      ContentType: 'image/png',
      UrlDownload: `${ferry.url}/d?id=${body.fileInfo.id}`,
      HotlinkId: `${body.fileInfo.id}.png`,
      UrlHotlink: `${ferry.url}/h/${body.fileInfo.id}.png`,
      DownloadsRemaining: 2,
      DownloadCount: 0,
      UnlimitedDownloads: false,
      UnlimitedTime: false,
      IsPasswordProtected: false,
      IsEndToEndEncrypted: false,
    });
    expect(info.ExpireAt).toBe(body.fileInfo.expiry);
    expect(info.ExpireAtString).toBe(new Date(info.ExpireAt * 1000).toISOString().slice(0, 19).replace('T', ' '));

    // Gokapi's hotlink serves the picture for an <img>: inline, with its type.
    const image = await fetch(info.UrlHotlink);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toMatch(/^inline/);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    // A download counts once its response is over, a moment after the client has it all.
    const listed = async () => (await (await api(`/api/files/list/${info.Id}`)).json()) as GokapiFileInfo;
    await expect.poll(listed).toMatchObject({ Id: info.Id, DownloadsRemaining: 1, DownloadCount: 1 });
  });

  it("takes Gokapi's unlimited switches and its defaults (one download) when fields are missing", async () => {
    const unlimited = await addOk([
      ['isUnlimitedDownload', 'true'],
      ['file', file('x', 'x.bin')],
    ]);
    expect(unlimited.FileInfo).toMatchObject({ UnlimitedDownloads: true, DownloadsRemaining: 0 });
    expect(unlimited.fileInfo.remainingDownloads).toBeNull();
    const zero = await addOk([
      ['file', file('x', 'x.bin')],
      ['allowedDownloads', '0'],
    ]);
    expect(zero.FileInfo.UnlimitedDownloads).toBe(true);
    const defaults = await addOk([
      ['file', file('x', 'x.bin')],
      ['allowedDownloads', 'not a number'],
    ]);
    expect(defaults.FileInfo).toMatchObject({ DownloadsRemaining: 1, UnlimitedDownloads: false });
    // MaxTTL is 30 days here: a file that never expires is refused, as in Ferry's own API.
    const forever = await add([
      ['file', file('x', 'x.bin')],
      ['isUnlimitedTime', 'true'],
    ]);
    expect(forever.status).toBe(400);
  });

  it("lists the files of the key's user only, in both shapes", async () => {
    const mine = await addOk([['file', file('mine', 'mine.txt')]]);
    const theirs = await add([['file', file('theirs', 'theirs.txt')]], otherKey);
    const theirId = ((await theirs.json()) as GokapiAnswer).FileInfo.Id;
    const listed = (await (await api('/api/files/list')).json()) as Array<GokapiFileInfo & ArticleFileInfo>;
    const ids = listed.map((f) => f.Id);
    expect(ids).toContain(mine.FileInfo.Id);
    expect(ids).not.toContain(theirId);
    const item = listed.find((f) => f.Id === mine.FileInfo.Id)!;
    expect(item).toMatchObject({ id: item.Id, name: 'mine.txt', Name: 'mine.txt', UrlDownload: item.url });
    expect((await api(`/api/files/list/${theirId}`)).status).toBe(404);
  });

  it('deletes with the id in a header, as Gokapi sends it', async () => {
    const { FileInfo } = await addOk([['file', file('bye', 'bye.txt')]]);
    const response = await api('/api/files/delete', { method: 'DELETE', headers: { id: FileInfo.Id } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ Result: 'OK' });
    expect((await fetch(FileInfo.UrlDownload)).status).toBe(404);
    expect((await api('/api/files/delete', { method: 'DELETE', headers: { id: FileInfo.Id } })).status).toBe(404);
  });

  it('lets only the key that made a file delete it', async () => {
    const { FileInfo } = await addOk([['file', file('keep', 'keep.txt')]]);
    const response = await api(`/api/files/delete?id=${FileInfo.Id}`, { method: 'DELETE', key: otherKey });
    expect(response.status).toBe(403);
    expect((await fetch(FileInfo.UrlDownload)).status).toBe(200);
  });
});

describe('errors', () => {
  it('answers JSON: no key 401, an unknown key 403', async () => {
    const none = await fetch(`${ferry.url}/api/files/list`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ status: 401, message: 'missing apikey header' });
    const wrong = await api('/api/files/list', { key: 'not-a-token' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses a form without a file, and a negative limit before the file, keeping nothing', async () => {
    const before = await ferry.services.uploads.stats({ userId: alice.id });
    const empty = await add([['allowedDownloads', '3']]);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ message: 'missing file from multipart form' });
    expect(
      (
        await add([
          ['allowedDownloads', '-2'],
          ['file', file('x', 'x.bin')],
        ])
      ).status,
    ).toBe(400);
    expect(await ferry.services.uploads.stats({ userId: alice.id })).toEqual(before);
  });

  it('answers 400 to a form the parser refuses (no boundary) or that is cut short, keeping nothing', async () => {
    const before = await ferry.services.uploads.stats({ userId: alice.id });
    const part = (name: string) => `--b0undary\r\nContent-Disposition: form-data; name="${name}"; filename="x.bin"\r\n\r\nbytes\r\n--b0und`;
    const forms = [
      { type: 'multipart/form-data', body: part('file') },
      { type: 'multipart/form-data; boundary=b0undary', body: part('file') },
      { type: 'multipart/form-data; boundary=b0undary', body: part('FILE') },
    ];
    for (const { type, body } of forms) {
      const refused = await api('/api/files/add', { method: 'POST', headers: { 'Content-Type': type }, body });
      expect([refused.status, (await refused.json()).status]).toEqual([400, 400]);
    }
    expect(await ferry.services.uploads.stats({ userId: alice.id })).toEqual(before);
  });

  it('drops the upload, and its bytes, when a field after the file is refused', async () => {
    await ferry.cleanup.run();
    const before = { stats: await ferry.services.uploads.stats({ userId: alice.id }), stored: await ferry.storedFiles() };
    const response = await add([
      ['file', file('refused late', 'late.bin')],
      ['expiryDays', '-1'],
    ]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'invalid expiryDays, expected 0 (unlimited) or more' });
    expect(await ferry.services.uploads.stats({ userId: alice.id })).toEqual(before.stats);
    await ferry.cleanup.run();
    expect(await ferry.storedFiles()).toEqual(before.stored);
  });
});

describe('download limits through the API', () => {
  it('let exactly 3 of 50 parallel downloads of a file with allowedDownloads=3 through', async () => {
    const { FileInfo, fileInfo } = await addOk([
      ['file', file('x'.repeat(5000), 'limited.bin')],
      ['allowedDownloads', '3'],
    ]);
    const responses = await Promise.all(Array.from({ length: 50 }, () => fetch(fileInfo.hotlinkUrl)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 404)).toHaveLength(47);
    expect(bodies.filter((b) => b.length === 5000)).toHaveLength(3);
    // The last download is counted once its response is over, a moment after the client has it all.
    await expect.poll(async () => (await fetch(FileInfo.UrlDownload)).status).toBe(404);
  });
});
