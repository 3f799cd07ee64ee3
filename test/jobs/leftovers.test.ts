// What a server that died leaves behind: partial files in the data folder, files stuck `uploading`, download
// slots never settled. The sweep removes old partial files; a SQLite instance undoes the rest when it starts.
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { LEFTOVER_GRACE_MS } from '../../src/jobs/cleanup.js';
import { BACKEND } from '../helpers/backends.js';
import { createTestStorage, DATA, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile, type UploadJson } from '../helpers/plik-client.js';

let ferries: TestFerry[] = [];
afterEach(async () => {
  for (const ferry of ferries.reverse()) await ferry.close();
  ferries = [];
});
const start = async (...args: Parameters<typeof startTestFerry>) => {
  const ferry = await startTestFerry(...args);
  ferries.push(ferry);
  return ferry;
};

describe.skipIf(DATA !== 'file')('partial files in the data folder', () => {
  it('are removed by the sweep once untouched for the grace period, and not before', async () => {
    const ferry = await start({ CleanupInterval: 3600 });
    const upload = await createUpload(ferry.url);
    const kept = await addFile(ferry.url, upload, 'whole', 'kept.txt');
    const folder = path.join(ferry.dataDir, 'files', upload.id.slice(0, 2), upload.id);
    const stale = path.join(folder, 'AAAAAAAAAAAAAAAA.x1.partial');
    const fresh = path.join(folder, 'BBBBBBBBBBBBBBBB.x2.partial');
    await mkdir(folder, { recursive: true });
    await writeFile(stale, 'cut short');
    await writeFile(fresh, 'being written');
    const old = new Date(Date.now() - LEFTOVER_GRACE_MS - 60_000);
    await utimes(stale, old, old);

    await ferry.cleanup.run();
    const stored = await ferry.storedFiles();
    expect(stored.some((f) => f.endsWith('x1.partial'))).toBe(false);
    expect(stored.some((f) => f.endsWith('x2.partial'))).toBe(true);
    expect(await (await fetch(fileUrl(ferry.url, upload, kept))).text()).toBe('whole');
  });
});

// The start-up recovery is for a single instance, which is what SQLite is; servers run several.
describe.skipIf(BACKEND !== 'sqlite')('a SQLite instance starting after a crash', () => {
  it('sets files stuck uploading back to missing, gives unsettled download slots back and removes partial files', async () => {
    // The storage outlives the first instance, as a data folder outlives a crashed process.
    const storage = await createTestStorage();
    onTestFinished(() => storage.release());
    const first = await startTestFerry({ CleanupInterval: 3600 }, { storage });
    const upload = await createUpload(first.url, { files: [{ fileName: 'cut.bin' }] });
    const cut = upload.files[0]!;
    const once = await createUpload(first.url, { oneShot: true });
    const onceFile = await addFile(first.url, once, 'only once', 'once.txt');
    // What a crash leaves: an upload that never finished and a oneShot download that never settled.
    expect(await first.metadata.transitionFile(cut.id, ['missing'], 'uploading')).toBe(true);
    expect(await first.metadata.reserveDownload(onceFile.id)).toBe(true);
    const partial =
      DATA === 'file' ? path.join(first.dataDir, 'files', upload.id.slice(0, 2), upload.id, `${cut.id}.x3.partial`) : undefined;
    if (partial) {
      await mkdir(path.dirname(partial), { recursive: true });
      await writeFile(partial, 'half');
    }
    expect((await fetch(fileUrl(first.url, once, onceFile))).status).toBe(404);
    await first.close();

    const second = await start({ CleanupInterval: 3600 }, { storage });
    const files = ((await (await fetch(`${second.url}/upload/${upload.id}`)).json()) as UploadJson).files;
    expect(files[0]).toMatchObject({ id: cut.id, status: 'missing' });
    expect((await second.storedFiles()).some((f) => f.endsWith('.partial'))).toBe(false);
    const download = await fetch(fileUrl(second.url, once, onceFile));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('only once');
    // The declared file can be sent again.
    const again = await fetch(`${second.url}/file/${upload.id}/${cut.id}/cut.bin`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile('now whole', 'cut.bin'),
    });
    expect(again.status, await again.clone().text()).toBe(200);
    expect(await (await fetch(fileUrl(second.url, upload, cut))).text()).toBe('now whole');
  });
});
