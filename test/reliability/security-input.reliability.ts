// What a client sends that the server must refuse, or take as the standards say, rather than store and break on later:
// TTLs past any valid date, file names that read backwards, suffix ranges longer than the file, quick uploads that fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, rawMultipart, type FileJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { finding } from './tally.js';

/** 100 years: the longest TTL, MaxTTL or not. */
const TTL_CEILING = 100 * 365 * 24 * 3600;

/** Files past this are refused with 413 once their bytes come. */
const MAX_FILE_SIZE = 1000;

let ferry: TestFerry;
let user: Session;
let admin: Session;
let apiKey: string;
beforeAll(async () => {
  // MaxTTL 0: no maximum of the operator's, which is where a huge TTL got through.
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', MaxTTL: 0, MaxFileSize: MAX_FILE_SIZE, CleanupInterval: 3600 });
  const lister = await ferry.services.users.create({ provider: 'local', login: 'lister', password: 'lister-password' });
  await ferry.services.users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
  user = await signIn(ferry.url, 'lister', 'lister-password');
  admin = await signIn(ferry.url, 'admin', 'admin-password');
  apiKey = (await ferry.services.tokens.create(lister, 'quick')).value;
});
afterAll(() => ferry.close());

describe('TTLs', () => {
  it('refuses a TTL past 100 years with 400, so that every listing keeps working', async (context) => {
    for (const ttl of [TTL_CEILING + 1, 10 ** 15, Number.MAX_SAFE_INTEGER]) {
      const refused = await fetch(`${ferry.url}/upload`, { method: 'POST', headers: user.write, body: JSON.stringify({ ttl }) });
      expect(refused.status, String(ttl)).toBe(400);
      expect(await refused.text()).toBe(`invalid TTL. (maximum allowed is : ${TTL_CEILING})\n`);
    }
    const longest = await createUpload(ferry.url, { ttl: TTL_CEILING }, user.write);
    const forever = await createUpload(ferry.url, { ttl: -1 }, user.write);
    const listing = await fetch(`${ferry.url}/me/uploads`, { headers: user.read });
    expect(listing.status, await listing.clone().text()).toBe(200);
    const ids = ((await listing.json()) as { results: { id: string }[] }).results.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([longest.id, forever.id]));
    finding(context, 'unbounded-ttl');
  });
});

/** Every bidirectional control: embeddings and overrides, isolates, the marks, Arabic's letter mark. */
const BIDI_CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];

describe('file names', () => {
  it('refuses bidirectional controls (U+202E makes "inv" RLO "fdp.exe" read as "invexe.pdf")', async (context) => {
    const upload = await createUpload(ferry.url);
    for (const control of BIDI_CONTROLS) {
      const name = `inv${control}fdp.exe`;
      const { body, headers } = rawMultipart(name, 'MZ');
      const added = await fetch(`${ferry.url}/file/${upload.id}`, {
        method: 'POST',
        body,
        headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
      });
      expect(added.status, JSON.stringify(name)).toBe(400);
      expect(await added.text()).toBe('invalid file name: no bidirectional control characters allowed\n');
      const declared = await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ files: [{ fileName: name }] }) });
      expect(declared.status, JSON.stringify(name)).toBe(400);
      await declared.arrayBuffer();
    }
    // Right-to-left text itself is a name like any other.
    const { body, headers } = rawMultipart('تقرير.txt', 'text');
    const arabic = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    expect(arabic.status).toBe(200);
    finding(context, 'bidi-file-names');
  });
});

describe('ranges', () => {
  it('answers a suffix range longer than the file with the whole file, as RFC 9110 says, not 416', async (context) => {
    const upload = await createUpload(ferry.url);
    const { body, headers } = rawMultipart('digits.txt', '0123456789');
    const added = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    const url = fileUrl(ferry.url, upload, (await added.json()) as FileJson);
    for (const range of ['bytes=-11', 'bytes=-100', `bytes=-${Number.MAX_SAFE_INTEGER}`, 'bytes=-10']) {
      const response = await fetch(url, { headers: { Range: range } });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range'), range).toBe('bytes 0-9/10');
      expect(await response.text(), range).toBe('0123456789');
    }
    const suffix = await fetch(url, { headers: { Range: 'bytes=-3' } });
    expect(suffix.headers.get('content-range')).toBe('bytes 7-9/10');
    expect(await suffix.text()).toBe('789');
    // A range that starts past the end stays unsatisfiable.
    const past = await fetch(url, { headers: { Range: 'bytes=10-' } });
    await past.arrayBuffer();
    expect(past.status).toBe(416);
    finding(context, 'long-suffix-range');
  });
});

describe('uploads made for one file', () => {
  /** Ids of every live upload (the admin's list), and of the user's own. */
  const listed = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${ferry.url}${path}`, { headers });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { results: { id: string }[] }).results.map((u) => u.id).sort();
  };
  const tooLarge = () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(MAX_FILE_SIZE + 1)]), 'big.bin');
    return form;
  };

  it('leave nothing behind when the file fails: the quick upload (anonymous or with a token) and Gokapi add', async (context) => {
    const allBefore = await listed('/uploads?limit=100', admin.read);
    const mineBefore = await listed('/me/uploads?limit=100', user.read);
    const attempts: [string, Record<string, string>][] = [
      ['/', {}],
      ['/', { 'X-PlikToken': apiKey }],
      ['/api/files/add', { apikey: apiKey }],
    ];
    for (const [path, headers] of attempts) {
      const response = await fetch(`${ferry.url}${path}`, { method: 'POST', headers, body: tooLarge() });
      expect(response.status, `${path} ${JSON.stringify(headers)}: ${await response.clone().text()}`).toBe(413);
      await response.arrayBuffer();
    }
    expect(await listed('/uploads?limit=100', admin.read)).toEqual(allBefore);
    expect(await listed('/me/uploads?limit=100', user.read)).toEqual(mineBefore);
    finding(context, 'empty-upload-left-by-failed-file');
  });
});
