// `ferry import-from plik`: the folder a plikd ran in, built here in Plik's own format (gorm's SQLite tables, Go's
// instants, tokens in clear, MD5 upload passwords and bcrypt account passwords, files/<id[:2]>/<id>), imported into
// a running Ferry; then Plik's links, tokens and passwords checked over HTTP as Plik's clients use them.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/import/report.js';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import { CLI_TESTS } from '../helpers/ferry-cli.js';
import type { TestFerry } from '../helpers/ferry.js';
import { basicAuth } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';
import { importHere, importThrice, runImport, skippedReasons, type ImportRuns } from './import-cli.js';
import { newPlikToken, plikFile, plikId, writePlikFolder, type PlikData, type PlikUpload } from './plik-fixture.js';

const HOUR = 3_600_000;
const aliceToken = newPlikToken();
const bobToken = newPlikToken();
const upload = (extra: Partial<PlikUpload> & Pick<PlikUpload, 'files'>): PlikUpload => ({
  id: plikId(),
  uploadToken: plikId(32),
  ttl: 86_400,
  expireAt: Date.now() + 24 * HOUR,
  ...extra,
});

const photo = plikFile('photo.jpg', 120_000, { type: 'image/jpeg' });
const old = plikFile('from 1.2.txt', 2_000, { type: 'text/plain', oldLayout: true });
const secret = plikFile('secret.bin', 10_000);
const kept = plikFile('kept.txt', 500);
const shared = upload({ user: 'local:alice', token: aliceToken, comments: 'holiday', removable: true, files: [photo, old] });
const locked = upload({ oneShot: true, login: 'foo', password: 'bar', ttl: -1, expireAt: null, files: [secret] });
const partial = upload({ user: 'google:bob1234', files: [kept, plikFile('never.txt', 10, { status: 'missing' })] });

const data: PlikData = {
  users: [
    { id: 'local:alice', provider: 'local', login: 'alice', password: 'alice-plik-pass', name: 'Alice', isAdmin: true, maxTtl: 604_800 },
    { id: 'google:bob1234', provider: 'google', login: 'bob1234', email: 'bob@example.org' },
    { id: 'github:eve', provider: 'gitlab', login: 'eve' },
  ],
  tokens: [
    { token: aliceToken, userId: 'local:alice', comment: 'laptop' },
    { token: bobToken, userId: 'google:bob1234', comment: '' },
  ],
  uploads: [
    shared,
    locked,
    partial,
    upload({ id: 'StreamUpload0001', stream: true, files: [plikFile('live.bin', 10)] }),
    upload({ id: 'DeletedUpload001', deleted: true, files: [plikFile('gone.bin', 10)] }),
    upload({ id: 'ExpiredUpload001', expireAt: Date.now() - HOUR, files: [plikFile('old.bin', 10)] }),
    upload({ id: 'NoBytesUpload001', missingBytes: true, files: [plikFile('lost.bin', 10)] }),
    upload({ id: 'EmptyUpload00001', files: [plikFile('declared.bin', 10, { status: 'missing' })] }),
  ],
};

let runs: ImportRuns | undefined;
let ferry: TestFerry;
let folder: string;
let dryRun: ImportReport;
let imported: ImportReport;
let again: ImportReport;

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${ferry.url}${url}`, { headers });
const fileUrl = (u: PlikUpload, f: { id: string; name: string }) => `/file/${u.id}/${f.id}/${encodeURIComponent(f.name)}`;
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

beforeAll(async () => {
  runs = await importThrice('plik', () => writePlikFolder(data), `/upload/${shared.id}`);
  ({ ferry, folder, dryRun, imported, again } = runs);
}, 180_000);
afterAll(() => runs?.close());

describe('import-from plik', () => {
  it('reports what it imports and why it skips the rest, the same in a dry run', () => {
    expect(imported.imported).toEqual({ users: 2, tokens: 2, fileRequests: 0, uploads: 3 });
    expect(dryRun.imported).toEqual(imported.imported);
    expect(imported.bytes).toBe(120_000 + 2_000 + 10_000 + 500);
    expect(skippedReasons(imported, 'users')).toEqual({ 'github:eve': 'unknown provider "gitlab"' });
    expect(skippedReasons(imported, 'uploads')).toEqual({
      StreamUpload0001: 'a stream upload: Plik never stored its bytes',
      DeletedUpload001: 'deleted on Plik',
      ExpiredUpload001: 'expired',
      NoBytesUpload001: expect.stringMatching(/^file \w+ \(lost\.bin\) is not in .*files: was Plik's data backend this folder\?$/),
      EmptyUpload00001: 'no file of it was uploaded',
    });
    expect(imported.notes).toContainEqual({
      kind: 'uploads',
      sourceId: partial.id,
      note: '1 of its files never finished uploading on Plik and are left out',
    });
  });

  it('serves the files byte for byte at their Plik links, in both of Plik’s data layouts, with the upload’s terms', async () => {
    for (const file of [photo, old, kept]) {
      const response = await get(fileUrl(file === kept ? partial : shared, file));
      expect(response.status).toBe(200);
      expect((await bytesOf(response)).equals(file.bytes)).toBe(true);
    }
    const json = (await (await get(`/upload/${shared.id}`)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ id: shared.id, comments: 'holiday', removable: true, ttl: 86_400, oneShot: false });
    expect(json.uploadToken).toBeUndefined();
  });

  it('keeps the upload token (its holder administers the upload) and the user tokens, stored hashed', async () => {
    const asAdmin = (await (await get(`/upload/${shared.id}`, { 'X-UploadToken': shared.uploadToken })).json()) as { admin: boolean };
    expect(asAdmin.admin).toBe(true);
    // Not removable: only the token's holder removes its files.
    const remove = (token: string) =>
      fetch(`${ferry.url}${fileUrl(partial, kept)}`, { method: 'DELETE', headers: { 'X-UploadToken': token } });
    expect((await remove('not the token')).status).toBe(403);
    expect((await remove(partial.uploadToken)).status).toBe(200);
    const me = await get('/me', { 'X-PlikToken': aliceToken });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe('local:alice');
    expect(((await (await get('/me', { 'X-PlikToken': bobToken })).json()) as { id: string }).id).toBe('google:bob1234');
    const tokens = await ferry.metadata.listTokens('local:alice', { offset: 0, limit: 10, order: 'asc', sort: 'createdAt' }, Date.now());
    expect(tokens.items.map((t) => [t.comment, t.prefix])).toEqual([['laptop', aliceToken.slice(0, 8)]]);
    expect(JSON.stringify(tokens)).not.toContain(aliceToken);
    const stored = await ferry.metadata.findLiveUpload(shared.id, Date.now());
    expect(stored?.uploadTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(shared.uploadToken);
  });

  it("opens a protected upload with Plik's Basic credentials, once for a one-shot upload", { timeout: 120_000 }, async () => {
    const url = fileUrl(locked, secret);
    expect((await get(url)).status).toBe(401);
    expect((await get(url, { Authorization: basicAuth('foo', 'baz') })).status).toBe(401);
    expect((await get(url, { Authorization: basicAuth('plik', 'bar') })).status).toBe(401);
    const first = await get(url, { Authorization: basicAuth('foo', 'bar') });
    expect(first.status).toBe(200);
    expect((await bytesOf(first)).equals(secret.bytes)).toBe(true);
    expect((await get(url, { Authorization: basicAuth('foo', 'bar') })).status).not.toBe(200);
  });

  it('lets a local user sign in with their Plik password, whose bcrypt hash then becomes argon2id', { timeout: 120_000 }, async () => {
    await signIn(ferry.url, 'alice', 'alice-plik-pass');
    expect((await ferry.services.users.get('local:alice')).passwordHash).toMatch(/^\$argon2id\$/);
    await signIn(ferry.url, 'alice', 'alice-plik-pass');
    const user = await ferry.services.users.get('local:alice');
    expect(user).toMatchObject({ name: 'Alice', isAdmin: true, maxTtl: 604_800 });
  });

  it('imports nothing twice when run again', () => {
    expect(again.imported).toEqual({ users: 0, tokens: 0, fileRequests: 0, uploads: 0 });
    const reasons = skippedReasons(again, 'uploads');
    for (const u of [shared, locked, partial]) expect(reasons[u.id]).toMatch(/already in Ferry/);
  });

  it(
    'refuses a database whose tables are not Plik’s with a clear error, importing nothing',
    async () => {
      const broken = await mkdtemp(path.join(os.tmpdir(), 'plik-broken-'));
      try {
        const db = await openEmbeddedSqlite(path.join(broken, 'plik.db'));
        db.exec(
          'CREATE TABLE uploads (id text, ttl integer); CREATE TABLE files (id text); CREATE TABLE users (id text); CREATE TABLE tokens (token text)',
        );
        db.exec(`INSERT INTO users VALUES ('local:mallory')`);
        db.close();
        await mkdir(path.join(broken, 'files'));
        const run = await runImport(ferry.storage, 'plik', broken);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/table uploads lacks extend_ttl, .*: not a Plik database of a known version; nothing was imported/);
        expect(await ferry.services.users.find('local:mallory')).toBeUndefined();
        await expect(importHere(ferry, 'plik', folder, { flags: { plikData: path.join(broken, 'nowhere') } })).rejects.toThrow(
          /nowhere: no such folder/,
        );
      } finally {
        await rm(broken, { recursive: true, force: true });
      }
    },
    CLI_TESTS.timeout,
  );
});
