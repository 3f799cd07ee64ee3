// The backup and restore drill (docs/backup.md): a Ferry filled with every kind of thing it keeps is backed up the
// documented way while it serves (`ferry export`, then a copy of the data folder or bucket), and the backup is
// restored on another backend pair (`ferry import` into an empty store, `ferry migrate-data` from the copy into the
// new data store): SQLite and a folder to PostgreSQL and a bucket, and that back to SQLite and a folder and to MySQL
// and a folder. Each restored Ferry is backed up at once (the next leg's source), then checked over HTTP: every file
// byte-exact under the same rules, every user signs in, every token works, the usage is the same.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CopyObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { parse, stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { runCli } from '../helpers/ferry-cli.js';
import { createTestStorage, startTestFerry, type TestDataBackend, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import type { MetadataBackend } from '../helpers/backends.js';
import { createTestBucket, type TestBucket } from '../helpers/s3.js';
import { basicAuth, fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';
import { json, md5, MiB } from './faults.js';
import { tally } from './tally.js';

const SERVER_KEY = Buffer.alloc(32, 9).toString('base64');
/** What every server of the drill runs with, besides its stores: the server key must go wherever the backup goes. */
const SETTINGS = { FeatureAuthentication: 'enabled', EncryptionKey: SERVER_KEY, WebhookAllowPrivate: true, CleanupInterval: 3600 };
const USERS = [
  { login: 'drill-dora', password: 'dora-password-1' },
  { login: 'drill-ivan', password: 'ivan-password-2' },
];

/** A file kept across the restores, with what a download must give and what the rules say of it. */
interface Kept {
  upload: UploadJson;
  file: FileJson;
  content: Buffer;
  /** Each rule's check after a restore (oneShot once, two downloads left, a password, a link key). */
  rule: 'plain' | 'oneShot' | 'oneShotUsed' | 'twoLeft' | 'password' | 'linkKey';
  /** The query a download needs (a link key). */
  query?: string;
}

/** A Ferry of the drill with the config file that points commands at its stores. */
interface Server {
  ferry: TestFerry;
  storage: TestStorage;
  config: string;
}

/** A backup: the export and the copy of the data store (a folder, or a bucket the objects were copied into). */
interface Backup {
  export: string;
  folder?: string;
  bucket?: TestBucket;
}

let home: string;
const servers: Server[] = [];
const buckets: TestBucket[] = [];
const kept: Kept[] = [];
const tokens: string[] = [];
let stream: UploadJson;
let request: { id: string; url: string };
let requestFile: { name: string; url: string; content: Buffer };
let webhookId: string;
/** What the source server answered before its backup: every restored one must answer the same. */
let expected: { uploads: Record<string, unknown>; stats: unknown[]; request: unknown; storedKeys: number };
let inFlight: { upload: UploadJson; fileId: string; body: Buffer };

const ferry = (args: string[]) => runCli(args, home);
const withToken = (token: string) => ({ 'X-PlikToken': token });

/** Fresh, empty stores on a backend pair, and the config file that points Ferry and its commands at them. */
async function newStores(name: string, backend: MetadataBackend, data: TestDataBackend): Promise<Omit<Server, 'ferry'>> {
  const storage = await createTestStorage({ backend, data });
  const metadata = storage.options.MetadataBackendConfig as Record<string, unknown>;
  const config = path.join(home, `${name}.toml`);
  // As an operator writes it: the SQLite file by its full path, so that a command run with another DataDir finds it.
  const absolute = metadata.Driver === 'sqlite3' ? { ...metadata, ConnectionString: path.join(storage.dataDir, 'ferry.db') } : metadata;
  await writeFile(config, stringify({ ...storage.options, MetadataBackendConfig: absolute, ...SETTINGS }));
  return { storage, config };
}

async function serve(stores: Omit<Server, 'ferry'>): Promise<Server> {
  const server = { ...stores, ferry: await startTestFerry(SETTINGS, { storage: stores.storage }) };
  servers.push(server);
  return server;
}

async function upload(server: Server, options: object, content: Buffer, name: string, rule: Kept['rule']): Promise<Kept> {
  const base = server.ferry.url;
  const created = await json<UploadJson & { downloadKey?: string }>(
    await fetch(`${base}/upload`, { method: 'POST', headers: withToken(tokens[0]!), body: JSON.stringify(options) }),
  );
  const query = created.downloadKey ? `?key=${created.downloadKey}` : undefined;
  const file = await json<FileJson>(
    await fetch(`${base}/file/${created.id}${query ?? ''}`, {
      method: 'POST',
      headers: { 'X-UploadToken': created.uploadToken!, ...withToken(tokens[0]!) },
      body: multipartFile(new Uint8Array(content), name),
    }),
  );
  const one = { upload: created, file, content, rule, query };
  kept.push(one);
  return one;
}

const auth = (one: Kept): Record<string, string> => (one.rule === 'password' ? { Authorization: basicAuth('drill', 'drill-secret') } : {});
const download = (base: string, one: Kept, withRule = true) =>
  fetch(`${fileUrl(base, one.upload, one.file)}${withRule ? (one.query ?? '') : ''}`, { headers: withRule ? auth(one) : {} });

/** What a server shows of every kept upload, and each user's usage: the record a restore must keep. */
async function record(base: string): Promise<{ uploads: Record<string, unknown>; stats: unknown[] }> {
  const uploads: Record<string, unknown> = {};
  for (const { upload: u } of [...kept, { upload: stream }]) {
    // Its expiry, comments, options and each file's status and downloads left.
    uploads[u.id] = await json(await fetch(`${base}/upload/${u.id}`, { headers: withToken(tokens[0]!) }));
  }
  const stats = [];
  for (const token of tokens) stats.push(await json(await fetch(`${base}/me/stats`, { headers: withToken(token) })));
  return { uploads, stats };
}

/** An upload whose body is half sent when the backup is taken: its file is `uploading` in the export. */
async function startInFlight(base: string): Promise<http.ClientRequest> {
  const created = await json<UploadJson>(
    await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify({ files: [{ fileName: 'in-flight.bin' }] }) }),
  );
  const fileId = created.files[0]!.id;
  inFlight = { upload: created, fileId, body: randomBytes(1000) };
  const head = `--cut\r\nContent-Disposition: form-data; name="file"; filename="in-flight.bin"\r\n\r\n`;
  const sending = http.request(`${base}/file/${created.id}/${fileId}/in-flight.bin`, {
    method: 'POST',
    headers: { 'X-UploadToken': created.uploadToken!, 'Content-Type': 'multipart/form-data; boundary=cut', 'Content-Length': 100 * MiB },
  });
  sending.on('error', () => undefined);
  sending.write(head);
  sending.write(randomBytes(64 * 1024));
  await expect
    .poll(async () => (await json<UploadJson>(await fetch(`${base}/upload/${created.id}`))).files[0]!.status, { timeout: 20_000 })
    .toBe('uploading');
  return sending;
}

/** The documented backup of a live server: the metadata first (one consistent read), then its data store's copy. */
async function backUp(server: Server, name: string): Promise<Backup> {
  const file = path.join(home, `${name}.jsonl`);
  const exported = await ferry(['export', file, '--config', server.config]);
  expect(exported, exported.stderr).toMatchObject({ code: 0, stderr: expect.stringMatching(/^ferry: exported users 2, /) });
  const { storage } = server;
  if (!storage.bucket) {
    // `cp -a` or rsync of the files folder (the SQLite file is in the export).
    const folder = path.join(home, `${name}-data`);
    await cp(path.join(storage.dataDir, 'files'), path.join(folder, 'files'), { recursive: true, preserveTimestamps: true });
    return { export: file, folder };
  }
  // A copy of the bucket, as replication or `aws s3 sync` makes it.
  const bucket = await createTestBucket();
  buckets.push(bucket);
  await bucket.client.send(new CreateBucketCommand({ Bucket: bucket.bucket }));
  for (const key of await storage.bucket.keys()) {
    await bucket.client.send(new CopyObjectCommand({ Bucket: bucket.bucket, Key: key, CopySource: `${storage.bucket.bucket}/${key}` }));
  }
  return { export: file, bucket };
}

/** Restores a backup into a fresh server on another backend pair: import the metadata, then copy the bytes in. */
async function restore(backup: Backup, name: string, backend: MetadataBackend, data: TestDataBackend): Promise<Server> {
  const stores = await newStores(name, backend, data);
  const imported = await ferry(['import', backup.export, '--config', stores.config]);
  expect(imported, imported.stderr).toMatchObject({ code: 0, stderr: expect.stringMatching(/^ferry: imported users 2, /) });
  // migrate-data lists the keys from the new metadata and reads their bytes from the backup's copy.
  const from = path.join(home, `${name}-from-backup.toml`);
  await writeFile(
    from,
    stringify({
      ...parse(await readFile(stores.config, 'utf8')),
      ...(backup.folder
        ? { DataDir: backup.folder, DataBackend: 'file', DataBackendConfig: {} }
        : { DataBackend: 's3', DataBackendConfig: backup.bucket!.config }),
    }),
  );
  const copied = await ferry(['migrate-data', '--config', from, '--to-config', stores.config]);
  expect(copied, copied.stderr).toMatchObject({
    code: 0,
    stderr: expect.stringMatching(
      new RegExp(`: ${expected.storedKeys} files, ${expected.storedKeys} copied \\([^)]+\\), 0 already there\n$`),
    ),
  });
  return serve(stores);
}

/** Everything the drill expects of a restored server, over HTTP; counts the files checked and lost. */
async function check(context: TestContext, server: Server): Promise<void> {
  const base = server.ferry.url;
  // The record first, before the checks download (and so count down) anything.
  const now = await record(base);
  expect(now.stats).toEqual(expected.stats);
  expect(now.uploads).toEqual(expected.uploads);
  expect(await storedCopies(server)).toBe(expected.storedKeys);

  const lost: string[] = [];
  const whole = async (one: Kept) => {
    const response = await download(base, one);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 || md5(body) !== md5(one.content)) lost.push(`${one.file.fileName}: ${response.status}, ${body.length} B`);
  };
  const gone = async (one: Kept) => {
    const response = await download(base, one);
    await response.arrayBuffer();
    expect(response.status, one.file.fileName).toBe(404);
  };
  let checked = 0;
  for (const one of kept) {
    if (one.rule === 'oneShotUsed') {
      await gone(one);
      continue;
    }
    checked++;
    if (one.rule === 'password' || one.rule === 'linkKey') {
      const without = await download(base, one, false);
      await without.arrayBuffer();
      expect(without.status, one.file.fileName).toBe(one.rule === 'password' ? 401 : 404);
    }
    await whole(one);
    if (one.rule === 'twoLeft') await whole(one);
    if (one.rule === 'oneShot' || one.rule === 'twoLeft') await gone(one);
  }
  // The requester's file downloads too, and the request still takes files.
  const received = await fetch(new URL(new URL(requestFile.url).pathname, base), { headers: withToken(tokens[0]!) });
  if (received.status !== 200 || !Buffer.from(await received.arrayBuffer()).equals(requestFile.content)) lost.push(requestFile.name);
  checked++;
  tally(context, 'filesChecked', checked);
  tally(context, 'lost', lost.length);
  expect(lost).toEqual([]);

  // The stream-mode upload is a record only: no bytes were stored, so none come, and none were lost.
  const streamed = await fetch(fileUrl(base, stream, stream.files[0]!, 'stream'));
  await streamed.arrayBuffer();
  expect(streamed.status).toBe(404);

  for (const { login, password } of USERS.slice(1)) await signIn(base, login, password);
  for (const [i, token] of tokens.entries()) {
    const me = await json<{ login: string }>(await fetch(`${base}/me`, { headers: withToken(token) }));
    expect(me.login).toBe(USERS[i]!.login);
  }
  const hooks = await fetch(`${base}/me/webhooks`, { headers: (await signIn(base, USERS[0]!.login, USERS[0]!.password)).read });
  expect(await hooks.text()).toContain(webhookId);
  const shownRequest = await json(await fetch(`${base}/me/requests/${request.id}`, { headers: withToken(tokens[0]!) }));
  expect(withoutUrls(shownRequest)).toEqual(withoutUrls(expected.request));
  const another = new FormData();
  another.append('file', new Blob(['one more']), 'more.txt');
  expect((await fetch(new URL(new URL(request.url).pathname, base), { method: 'POST', body: another })).status).toBe(200);

  // The upload that was half sent at the backup is not left uploading for good: it takes its bytes again.
  const again = await fetch(`${base}/file/${inFlight.upload.id}/${inFlight.fileId}/in-flight.bin`, {
    method: 'POST',
    headers: { 'X-UploadToken': inFlight.upload.uploadToken! },
    body: multipartFile(new Uint8Array(inFlight.body), 'in-flight.bin'),
  });
  expect(await json<FileJson>(again)).toMatchObject({ status: 'uploaded', fileSize: inFlight.body.length });
}

/** The copies of file bytes a server's data store holds (not its SQLite file, which sits in the same folder). */
const storedCopies = async (server: Server) => (await server.ferry.storedFiles()).filter((f) => f.startsWith('files/')).length;

/** A request as its owner sees it, without the addresses that name the server it is on. */
function withoutUrls(shown: unknown): unknown {
  return JSON.parse(JSON.stringify(shown, (key, value: unknown) => (key === 'url' || key === 'qrcode' ? undefined : value)));
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'ferry-drill-'));
});
afterAll(async () => {
  for (const { ferry: f, storage } of servers.reverse()) {
    await f.close().catch(() => undefined);
    await storage.release();
  }
  for (const bucket of buckets) await bucket.release();
  await rm(home, { recursive: true, force: true });
});

// Each leg runs the `ferry` command two or three times, each a Node process compiling TypeScript as it starts: a few
// seconds apiece, tens on a busy machine.
describe('backup and restore drill', { timeout: 300_000 }, () => {
  let source: Server;
  let firstBackup: Backup;
  let postgres: Server;
  let postgresBackup: Backup;

  it('fills a Ferry on SQLite and a folder with every kind of thing it keeps', async () => {
    source = await serve(await newStores('sqlite-source', 'sqlite', 'file'));
    const base = source.ferry.url;
    for (const user of USERS) {
      const created = await source.ferry.services.users.create({ provider: 'local', ...user });
      tokens.push((await source.ferry.services.tokens.create(created, 'scripts')).value);
    }
    const day = 24 * 3600;
    await upload(source, { ttl: 7 * day, comments: 'for the drill' }, randomBytes(10_000), 'plain.bin', 'plain');
    await upload(source, {}, randomBytes(6 * MiB + 3), 'big.bin', 'plain');
    await upload(source, { oneShot: true }, randomBytes(2000), 'once.bin', 'oneShot');
    const used = await upload(source, { oneShot: true }, randomBytes(2000), 'once-used.bin', 'oneShotUsed');
    await (await download(base, used)).arrayBuffer();
    const limited = await upload(source, { maxDownloads: 3 }, randomBytes(3000), 'limited.bin', 'twoLeft');
    await (await download(base, limited)).arrayBuffer();
    await upload(source, { login: 'drill', password: 'drill-secret' }, randomBytes(4000), 'guarded.bin', 'password');
    await upload(source, { encryption: 'server' }, randomBytes(5000), 'sealed.bin', 'plain');
    await upload(source, { encryption: 'link' }, randomBytes(6000), 'link.bin', 'linkKey');
    // Twice the same bytes: one stored copy, two files.
    const twice = randomBytes(7000);
    await upload(source, {}, twice, 'dedup-a.bin', 'plain');
    await upload(source, { ttl: 2 * day }, twice, 'dedup-b.bin', 'plain');
    stream = await json<UploadJson>(
      await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify({ stream: true, files: [{ fileName: 'live.bin' }] }) }),
    );
    const session = await signIn(base, USERS[0]!.login, USERS[0]!.password);
    const hook = await json<{ webhook: { id: string } }>(
      await fetch(`${base}/me/webhooks`, {
        method: 'POST',
        headers: session.write,
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['file.uploaded'] }),
      }),
    );
    webhookId = hook.webhook.id;
    request = await json(
      await fetch(`${base}/me/requests`, {
        method: 'POST',
        headers: { ...withToken(tokens[0]!), 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'Drill', maxFiles: 5, maxTotalSize: 1_000_000 }),
      }),
    );
    const sent = new FormData();
    const content = randomBytes(8000);
    sent.append('file', new Blob([new Uint8Array(content)]), 'sent.bin');
    expect((await fetch(request.url, { method: 'POST', body: sent })).status).toBe(200);
    const shown = await json<{ received: { files: { name: string; url: string }[] }[] }>(
      await fetch(`${base}/me/requests/${request.id}`, { headers: withToken(tokens[0]!) }),
    );
    requestFile = { ...shown.received[0]!.files[0]!, content };
    const storedKeys = await storedCopies(source);
    // Nine stored copies: the eleven files sent, less the oneShot downloaded, and the two of the same bytes as one.
    expect(storedKeys).toBe(9);
    expected = { ...(await record(base)), request: shown, storedKeys };
  });

  it('restores a live backup of SQLite and a folder into PostgreSQL and a bucket', async (context) => {
    const hanging = await startInFlight(source.ferry.url);
    firstBackup = await backUp(source, 'sqlite-backup');
    hanging.destroy();
    postgres = await restore(firstBackup, 'postgres-restored', 'postgres', 's3');
    postgresBackup = await backUp(postgres, 'postgres-backup');
    await check(context, postgres);
    tally(context, 'restores');
  });

  it('restores a backup of PostgreSQL and a bucket into SQLite and a folder', async (context) => {
    const back = await restore(postgresBackup, 'sqlite-restored', 'sqlite', 'file');
    await check(context, back);
    tally(context, 'restores');
  });

  it('restores the same backup into MySQL and a folder', async (context) => {
    const mysql = await restore(postgresBackup, 'mysql-restored', 'mysql', 'file');
    await check(context, mysql);
    tally(context, 'restores');
  });
});
