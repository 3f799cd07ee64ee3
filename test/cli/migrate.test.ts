// `ferry migrate --to-config`, run as a command against a Ferry that keeps serving: everything of a Ferry on SQLite
// and a folder goes to this run's metadata backend and an S3 bucket (helpers/s3.ts); a second run takes what changed
// meanwhile, removing what is gone, and a Ferry on the new config serves it all, accounts and tokens included.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backends.js';
import { CLI_TESTS, runCli, storageFlags, tempHome } from '../helpers/ferry-cli.js';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type UploadedFile } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';

const SERVER_KEY = Buffer.alloc(32, 7).toString('base64');

let home: string;
let source: TestStorage;
let target: TestStorage;
let targetConfig: string;
let serving: TestFerry;

const ferry = (args: string[]) => runCli(args, home);
const sourceFlags = () => storageFlags(source, SERVER_KEY);

type Stored = UploadedFile;
const stored: Stored[] = [];
let removed: Stored;
let token: string;

async function add(content: Uint8Array<ArrayBuffer>, name: string, options: Record<string, unknown> = {}): Promise<Stored> {
  const upload = await createUpload(serving.url, options, { 'X-PlikToken': token });
  return { upload, file: await addFile(serving.url, upload, content, name), content };
}

beforeAll(async () => {
  home = await tempHome();
  source = await createTestStorage({ backend: 'sqlite', data: 'file' });
  target = await createTestStorage({ backend: BACKEND, data: 's3' });
  targetConfig = path.join(home, 'target.toml');
  await writeFile(targetConfig, stringify({ ...target.options, EncryptionKey: SERVER_KEY }));
  serving = await startTestFerry({ FeatureAuthentication: 'enabled', EncryptionKey: SERVER_KEY }, { storage: source });
  const user = await serving.services.users.create({ provider: 'local', login: 'moving-mo', password: 'mo-password' });
  token = (await serving.services.tokens.create(user, 'for scripts')).value;
  stored.push(await add(new TextEncoder().encode('plain words'), 'plain.txt'));
  stored.push(await add(new Uint8Array(randomBytes(3 * 1024 * 1024 + 5)), 'big.bin'));
  stored.push(await add(new Uint8Array(randomBytes(100_000)), 'sealed.bin', { encryption: 'server' }));
  removed = await add(new TextEncoder().encode('gone before the second run'), 'removed.txt', { removable: true });
});
afterAll(async () => {
  await serving?.close();
  await target?.release();
  await source?.release();
  await rm(home, { recursive: true, force: true });
});

describe(`ferry migrate from SQLite and a folder to ${BACKEND} and a bucket`, CLI_TESTS, () => {
  it('copies every row and every stored file while the server keeps serving', async () => {
    const run = await ferry(['migrate', ...sourceFlags(), '--to-config', targetConfig]);
    expect(run.stderr).toMatch(/migrate: uploads: 4 rows\n/);
    expect(run.stderr).toMatch(/migrate: metadata to \w+: users 1, tokens 1, /);
    expect(run).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/migrate to s3: 4 files, 4 copied \(3\.\d MB\), 0 already there\n$/),
    });
    expect(await target.bucket!.keys()).toHaveLength(4);
  });

  it('takes on a second run what changed meanwhile, removing what is gone, and copies only the new bytes', async () => {
    stored.push(await add(new TextEncoder().encode('uploaded after the first run'), 'later.txt'));
    expect(
      (await fetch(fileUrl(serving.url, removed.upload, removed.file), { method: 'DELETE', headers: { 'X-PlikToken': token } })).status,
    ).toBe(200);
    await serving.close();

    const run = await ferry(['migrate', ...sourceFlags(), '--to-config', targetConfig, '--parallel', '1']);
    // The removed file's row stays, marked removed, as Plik keeps it; its bytes' row goes.
    expect(run.stderr).toMatch(/metadata to \w+: .*uploads 5, files 5, blobs 4 \(1 removed\)/);
    expect(run).toMatchObject({ code: 0, stderr: expect.stringMatching(/migrate to s3: 4 files, 1 copied \(28 B\), 3 already there\n$/) });
  });

  it('leaves a target on which Ferry serves every file byte-exact, signs the user in and takes the token', async () => {
    const after = await startTestFerry(
      { ...target.options, FeatureAuthentication: 'enabled', EncryptionKey: SERVER_KEY },
      { storage: target },
    );
    try {
      for (const { upload, file, content } of stored) {
        const response = await fetch(fileUrl(after.url, upload, file));
        expect(response.status, file.fileName).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(content)), file.fileName).toBe(true);
      }
      expect((await fetch(fileUrl(after.url, removed.upload, removed.file))).status).toBe(404);
      await signIn(after.url, 'moving-mo', 'mo-password');
      const me = await fetch(`${after.url}/me`, { headers: { 'X-PlikToken': token } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ login: 'moving-mo' });
    } finally {
      await after.close();
    }
  });

  it('refuses the configured store itself as the target, and a target that could not open the sealed files', async () => {
    const itself = path.join(home, 'itself.toml');
    await writeFile(itself, stringify({ ...source.options, EncryptionKey: SERVER_KEY }));
    expect(await ferry(['migrate', ...sourceFlags(), '--to-config', itself])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('its metadata store is the configured one itself'),
    });
    const otherKey = path.join(home, 'other-key.toml');
    await writeFile(otherKey, stringify({ ...target.options, EncryptionKey: Buffer.alloc(32, 8).toString('base64') }));
    expect(await ferry(['migrate', ...sourceFlags(), '--to-config', otherKey])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('EncryptionKey differs'),
    });
  });
});
