// `ferry export` and `ferry import` (src/metadata/transfer.ts through src/cli/transfer.ts), run as commands:
// metadata moves from SQLite to this run's backend, and a Ferry there serves the files from the same data folder.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openMetadataDatabase } from '../../src/metadata/open.js';
import { exportMetadata, importMetadata } from '../../src/metadata/transfer.js';
import { BACKEND } from '../helpers/backends.js';
import { createTestStorage, startTestFerry, type TestStorage } from '../helpers/ferry.js';
import { storageFlags } from '../helpers/ferry-cli.js';
import { addFile, basicAuth, createUpload, fileUrl } from '../helpers/plik-client.js';

/** `ferry ARGS` in a child process; one that hangs is killed rather than left behind. */
async function ferry(args: string[]): Promise<{ code: number; stderr: string }> {
  const options = { env: { ...process.env, FERRY_CONFIG: '' }, timeout: 80_000 };
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], options).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
  );
}

/** A record with its row's columns in one order, whatever order the database listed them in. */
const sortKeys = ({ table, row }: { table: string; row: Record<string, unknown> }) => ({
  table,
  row: Object.fromEntries(Object.entries(row).sort()),
});

let folder: string;
let source: TestStorage;
let target: TestStorage;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-transfer-'));
  source = await createTestStorage({ backend: 'sqlite' });
  target = await createTestStorage({ backend: BACKEND, dataDir: source.dataDir });
});
afterAll(async () => {
  await target?.release();
  await source?.release();
  await rm(folder, { recursive: true, force: true });
});

// Each command is a Node process compiling TypeScript as it starts: seconds apiece on a busy machine.
describe(`ferry export from SQLite, ferry import into ${BACKEND}`, { timeout: 90_000 }, () => {
  const exportedFile = () => path.join(folder, 'metadata.jsonl');

  it('moves every account, upload and file, and a Ferry on the new store serves them from the same data folder', async () => {
    const before = await startTestFerry({ FeatureAuthentication: 'enabled' }, { storage: source });
    const user = await before.services.users.create({ provider: 'local', login: 'moving-mo', password: 'mo-password', isAdmin: true });
    const { value: token } = await before.services.tokens.create(user, 'for scripts');
    const upload = await createUpload(before.url, { comments: 'moved', login: 'mover', password: 'secret', ttl: 3600 });
    const file = await addFile(before.url, upload, 'the same bytes', 'moved.txt');
    // Enough declared files to take the export and the import past one page of rows.
    await createUpload(before.url, { files: Array.from({ length: 600 }, (_, i) => ({ fileName: `declared-${i}.txt` })) });
    await before.close();

    const exporting = await ferry(['export', exportedFile(), ...storageFlags(source)]);
    expect(exporting.stderr).toMatch(/exported users 1, tokens 1, sessions 0, uploads 2, files 601/);
    const lines = (await readFile(exportedFile(), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ format: 'ferry-metadata' });
    expect(lines.filter((line) => line.table === 'files')).toHaveLength(601);
    expect(lines.find((line) => line.table === 'uploads' && line.row.id === upload.id).row).toMatchObject({
      comments: 'moved',
      login: 'mover',
    });

    const importing = await ferry(['import', exportedFile(), ...storageFlags(target)]);
    expect(importing).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/imported users 1, tokens 1, sessions 0, uploads 2, files 601/),
    });

    const after = await startTestFerry({ FeatureAuthentication: 'enabled' }, { storage: target });
    try {
      const auth = { Authorization: basicAuth('mover', 'secret') };
      const info = await fetch(`${after.url}/upload/${upload.id}`, { headers: auth });
      expect(await info.json()).toMatchObject({
        id: upload.id,
        comments: 'moved',
        files: [{ id: file.id, fileName: 'moved.txt', status: 'uploaded' }],
      });
      expect((await fetch(fileUrl(after.url, upload, file))).status).toBe(401);
      const download = await fetch(fileUrl(after.url, upload, file), { headers: auth });
      expect(await download.text()).toBe('the same bytes');
      const me = await fetch(`${after.url}/me`, { headers: { 'X-PlikToken': token } });
      expect(await me.json()).toMatchObject({ login: 'moving-mo', admin: true });
    } finally {
      await after.close();
    }
  });

  it(`exports from ${BACKEND} the same rows it imported`, async () => {
    const fresh = await createTestStorage({ backend: BACKEND });
    const { config } = loadConfig({ flags: fresh.options });
    const { db } = await openMetadataDatabase(config);
    try {
      const file = await readFile(exportedFile(), 'utf8');
      await importMetadata(db, file.split('\n'));
      let again = '';
      for await (const page of exportMetadata(db)) again += page;
      const rows = (text: string) =>
        text
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((line) => JSON.stringify(sortKeys(JSON.parse(line))))
          .sort();
      // More rows than a page (500) of the export and of the import.
      expect(rows(file).length).toBeGreaterThan(600);
      expect(rows(again)).toEqual(rows(file));
    } finally {
      await db.destroy();
      await fresh.release();
    }
  });

  it('undoes what was half-done when the export was read: a file uploading, a download unsettled', async () => {
    const fresh = await createTestStorage({ backend: BACKEND });
    const { config } = loadConfig({ flags: fresh.options });
    const { db } = await openMetadataDatabase(config);
    try {
      // The export of a server in the middle of an upload and of a download, as a live backup may catch it.
      const lines = (await readFile(exportedFile(), 'utf8')).trimEnd().split('\n');
      const half = lines.map((line, i) => {
        const record = JSON.parse(line) as { table?: string; row?: Record<string, unknown> };
        if (i === 0 || record.table !== 'files') return line;
        const row = record.row!;
        if (row.name === 'declared-7.txt') Object.assign(row, { status: 'uploading', size: 1000, reserved_at: 1 });
        if (row.name === 'moved.txt') row.downloads_reserved = Number(row.downloads_completed) + 1;
        return JSON.stringify(record);
      });
      await importMetadata(db, half);
      const files = await db.selectFrom('files').select(['name', 'status', 'size', 'downloads_reserved', 'downloads_completed']).execute();
      // No process of the new store is sending those bytes or that download: the file takes a retry, the slot is free.
      expect(files.find((f) => f.name === 'declared-7.txt')).toMatchObject({ status: 'missing' });
      expect(Number(files.find((f) => f.name === 'declared-7.txt')!.size)).toBe(0);
      const moved = files.find((f) => f.name === 'moved.txt')!;
      expect(moved.downloads_reserved).toBe(moved.downloads_completed);
      expect(files.filter((f) => f.status === 'uploading')).toEqual([]);
    } finally {
      await db.destroy();
      await fresh.release();
    }
  });

  it('refuses to import into a store that holds data, and leaves it as it was', async () => {
    const again = await ferry(['import', exportedFile(), ...storageFlags(target)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty \(table \w+ has rows\)/);
  });

  it('refuses a file that is not an export, and one of another schema, leaving the store empty', async () => {
    const other = await createTestStorage({ backend: BACKEND });
    const { config } = loadConfig({ flags: other.options });
    const { db } = await openMetadataDatabase(config);
    try {
      await expect(importMetadata(db, ['hello'])).rejects.toThrow(/line 1 is not JSON/);
      const old = ['{"format":"ferry-metadata","schema":"000-before-time"}', '{"table":"uploads","row":{}}'];
      await expect(importMetadata(db, old)).rejects.toThrow(/export is of schema 000-before-time/);
      const unknown = [(await readFile(exportedFile(), 'utf8')).split('\n')[0]!, '{"table":"nothing","row":{}}'];
      await expect(importMetadata(db, unknown)).rejects.toThrow(/line 2: unknown table "nothing"/);
      expect(await db.selectFrom('uploads').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
      await other.release();
    }
  });

  it('never overwrites an existing file', async () => {
    const refused = await ferry(['export', exportedFile(), ...storageFlags(source)]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/EEXIST/);
  });
});
