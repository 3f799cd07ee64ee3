// `ferry import-from pingvin`: a Pingvin Share data folder built here in Pingvin's own format (its Prisma tables,
// argon2id hashes as its argon2 package makes them, uploads/shares/<share>/<file>) imported into a running Ferry,
// then its links, passwords, limits and accounts checked over HTTP.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import type { ImportReport } from '../../src/import/report.js';
import { CLI_TESTS } from '../helpers/ferry-cli.js';
import type { TestFerry } from '../helpers/ferry.js';
import { basicAuth } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';
import { importHere, importThrice, runImport, skippedReasons, type ImportRuns } from './import-cli.js';
import { pingvinFile, writePingvinFolder, type PingvinData } from './pingvin-fixture.js';

const DAY = 86_400_000;
const alice = randomUUID();
const bob = randomUUID();
const requestToken = randomUUID();
const report = pingvinFile('q3 report.pdf', 150_000);
const notes = pingvinFile('notes.txt', 1_000);
const secret = pingvinFile('secret.bin', 20_000);
const sent = pingvinFile('sent to alice.png', 5_000);

const data: PingvinData = {
  users: [
    { id: alice, username: 'alice', email: 'alice@example.org', password: 'alice-old-pass', isAdmin: true },
    { id: bob, username: 'bobby', email: 'bob@example.org', password: 'bobby-old-pass', totp: true },
    // An LDAP account: Pingvin keeps no password for it.
    { id: randomUUID(), username: 'carol', email: 'carol@example.org' },
  ],
  reverseShares: [
    { id: 'rs1', token: requestToken, creator: alice, shareExpiration: Date.now() + 7 * DAY, maxShareSize: 10_000_000, remainingUses: 3 },
    { id: 'rs2', token: randomUUID(), creator: alice, shareExpiration: Date.now() - DAY, maxShareSize: 1_000, remainingUses: 1 },
  ],
  shares: [
    { id: 'Report2024Q3abcd', creator: alice, name: 'Q3', description: 'The numbers', expiration: 0, files: [report, notes] },
    { id: 'pw-share_1', creator: bob, password: 'open sesame', maxViews: 3, views: 1, expiration: Date.now() + DAY, files: [secret] },
    { id: 'ViaRequest123', reverseShare: 'rs1', expiration: Date.now() + 7 * DAY, files: [sent] },
    { id: 'ExpiredShare01', creator: alice, expiration: Date.now() - DAY, files: [pingvinFile('old.txt', 10)] },
    { id: 'RemovedShare01', creator: alice, expiration: 0, removedReason: 'malware', files: [pingvinFile('bad.exe', 10)] },
    { id: 'Unfinished0001', creator: alice, expiration: 0, uploadLocked: false, files: [pingvinFile('half.txt', 10)] },
    { id: 'InS3Share00001', creator: alice, expiration: 0, storageProvider: 'S3', files: [pingvinFile('s3.txt', 10)] },
    { id: 'SpentShare0001', creator: alice, expiration: 0, maxViews: 2, views: 2, files: [pingvinFile('seen.txt', 10)] },
    { id: 'NoBytesShare01', creator: alice, expiration: 0, missingBytes: true, files: [pingvinFile('gone.txt', 10)] },
  ],
};

let runs: ImportRuns | undefined;
let ferry: TestFerry;
let dryRun: ImportReport;
let imported: ImportReport;
let again: ImportReport;

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${ferry.url}${url}`, { headers, redirect: 'manual' });
const fileUrl = (share: string, file: { id: string; name: string }) =>
  `/file/${share}/${file.id.replaceAll('-', '')}/${encodeURIComponent(file.name)}`;
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());
/** The Ferry id the report gives a share whose id is none of Ferry's. */
const newIdOf = (share: string) =>
  /\/d\?id=([A-Za-z0-9]+)/.exec(imported.notes.find((n) => n.sourceId === share && n.note.includes('/d?id='))?.note ?? '')?.[1];

beforeAll(async () => {
  runs = await importThrice('pingvin', () => writePingvinFolder(data), '/upload/Report2024Q3abcd');
  ({ ferry, dryRun, imported, again } = runs);
}, 180_000);
afterAll(() => runs?.close());

describe('import-from pingvin', () => {
  it('reports what it imports and why it skips the rest, the same in a dry run', () => {
    expect(imported.imported).toEqual({ users: 3, tokens: 0, fileRequests: 1, uploads: 3 });
    expect(dryRun.dryRun).toBe(true);
    expect(dryRun.imported).toEqual(imported.imported);
    expect(dryRun.bytes).toBe(0);
    expect(imported.bytes).toBe(150_000 + 1_000 + 20_000 + 5_000);
    expect(skippedReasons(imported, 'uploads')).toEqual({
      ExpiredShare01: 'expired',
      RemovedShare01: 'removed on Pingvin Share: malware',
      Unfinished0001: 'never completed (its upload did not finish)',
      InS3Share00001: 'its files are in S3, not in the data folder',
      SpentShare0001: 'spent: its 2 views were made',
      NoBytesShare01: expect.stringMatching(/^file .* \(gone\.txt\) is missing from /),
    });
    expect(skippedReasons(imported, 'fileRequests')).toEqual({ [data.reverseShares[1]!.token]: 'expired' });
    const notesOf = (id: string) => imported.notes.filter((n) => n.sourceId === id).map((n) => n.note);
    expect(notesOf('carol')).toEqual([expect.stringMatching(/^must set a new password: had no password on Pingvin Share/)]);
    expect(notesOf('bobby')).toEqual([expect.stringMatching(/two-factor/)]);
  });

  it('serves each imported file byte for byte at its kept ids, and its share by its old link', async () => {
    for (const file of [report, notes]) {
      const response = await get(fileUrl('Report2024Q3abcd', file));
      expect(response.status).toBe(200);
      expect((await bytesOf(response)).equals(file.bytes)).toBe(true);
    }
    const upload = (await (await get('/upload/Report2024Q3abcd')).json()) as { comments: string; ttl: number; expireAt: unknown };
    expect(upload.comments).toBe('Q3\n\nThe numbers');
    expect(upload.expireAt ?? null).toBeNull();
    for (const link of ['/s/Report2024Q3abcd', '/share/Report2024Q3abcd']) {
      const response = await get(link);
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get('location')!, `${ferry.url}${link}`).href).toBe(`${ferry.url}/d?id=Report2024Q3abcd`);
    }
    const fileLink = `/api/shares/Report2024Q3abcd/files/${notes.id}`;
    const redirect = await get(fileLink);
    const target = new URL(redirect.headers.get('location')!, `${ferry.url}${fileLink}`);
    expect(target.href).toBe(`${ferry.url}/d?id=${notes.id.replaceAll('-', '')}`);
    expect((await get(`${target.pathname}${target.search}`)).status).toBe(200);
  });

  it("keeps a share's password and turns its views left into downloads left; an id Ferry cannot take gets a new one", {
    timeout: 120_000,
  }, async () => {
    const id = newIdOf('pw-share_1');
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    const url = fileUrl(id!, secret);
    expect((await get(url)).status).toBe(401);
    expect((await get(url, { Authorization: basicAuth('plik', 'wrong') })).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(url, { Authorization: basicAuth('plik', 'open sesame') });
      statuses.push(response.status);
      if (response.status === 200) expect((await bytesOf(response)).equals(secret.bytes)).toBe(true);
      else await response.body?.cancel();
    }
    // 3 views allowed, 1 made: 2 downloads left.
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses[2]).not.toBe(200);
  });

  it('lets the users sign in with their Pingvin passwords, and gives them their shares and reverse shares', {
    timeout: 120_000,
  }, async () => {
    const session = await signIn(ferry.url, 'alice', 'alice-old-pass');
    await signIn(ferry.url, 'bobby', 'bobby-old-pass');
    const wrong = await fetch(`${ferry.url}/auth/local/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'alice', password: 'bobby-old-pass' }),
    });
    expect(wrong.status).toBe(403);
    const uploads = (await (await get('/me/uploads', session.read)).json()) as { results: Array<{ id: string }> };
    expect(uploads.results.map((u) => u.id).sort()).toEqual(['Report2024Q3abcd', 'ViaRequest123']);
    const requests = (await (await get('/me/requests', session.read)).json()) as Array<{ id: string; reusable: boolean }>;
    expect(requests.map((r) => [r.id, r.reusable])).toEqual([[requestToken.replaceAll('-', ''), true]]);
    expect((await get(`/request/${requestToken.replaceAll('-', '')}`)).status).toBe(200);
  });

  it('imports nothing twice when run again', () => {
    expect(again.imported).toEqual({ users: 0, tokens: 0, fileRequests: 0, uploads: 0 });
    const reasons = skippedReasons(again, 'uploads');
    for (const id of ['Report2024Q3abcd', 'pw-share_1', 'ViaRequest123']) expect(reasons[id]).toMatch(/already in Ferry/);
  });

  it(
    'refuses a database that is not Pingvin Share’s with a clear error, importing nothing',
    async () => {
      const broken = await mkdtemp(path.join(os.tmpdir(), 'pingvin-broken-'));
      try {
        const db = await openEmbeddedSqlite(path.join(broken, 'pingvin-share.db'));
        db.exec('CREATE TABLE "User" ("id" TEXT, "createdAt" DATETIME, "username" TEXT, "email" TEXT, "password" TEXT, "isAdmin" BOOLEAN)');
        db.exec(`INSERT INTO "User" VALUES ('u1', 0, 'dave', 'dave@example.org', NULL, 0)`);
        db.close();
        const run = await runImport(ferry.storage, 'pingvin', broken);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/not a Pingvin Share database: it has no table Share; nothing was imported/);
        expect(
          (
            await fetch(`${ferry.url}/auth/local/login`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: '{"login":"dave","password":"x"}',
            })
          ).status,
        ).toBe(403);
        await expect(importHere(ferry, 'pingvin', path.join(broken, 'nowhere'))).rejects.toThrow(/nowhere: no such file or folder/);
      } finally {
        await rm(broken, { recursive: true, force: true });
      }
    },
    CLI_TESTS.timeout,
  );
});
