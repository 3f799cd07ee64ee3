import { readdir } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString();

describe('GET /archive/:id/:name.zip', () => {
  it('streams a zip of every uploaded file', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'never-sent.txt' }] });
    await addFile(ferry.url, upload, 'first', 'a.txt');
    await addFile(ferry.url, upload, 'x'.repeat(100_000), 'b.txt');
    const response = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('inline; filename=all.zip');
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['a.txt', 'b.txt']);
    expect(text(entries['a.txt'])).toBe('first');
    expect(text(entries['b.txt'])).toBe('x'.repeat(100_000));
  });

  it('keeps every file whole and in order past the few it opens ahead, and closes those a broken-off zip never took', async () => {
    const upload = await createUpload(ferry.url);
    const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`);
    for (const [i, name] of names.entries()) await addFile(ferry.url, upload, `${name} `.repeat(5_000 * (i + 1)), name);
    const whole = unzipSync(new Uint8Array(await (await fetch(`${ferry.url}/archive/${upload.id}/all.zip`)).arrayBuffer()));
    expect(Object.keys(whole)).toEqual(names);
    for (const [i, name] of names.entries()) expect(text(whole[name])).toBe(`${name} `.repeat(5_000 * (i + 1)));

    // Only Linux lists a process's open files in /proc; the rest of the test holds everywhere.
    const openFiles = async () => (await readdir('/proc/self/fd').catch(() => [])).length;
    const before = await openFiles();
    const controller = new AbortController();
    const cut = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`, { signal: controller.signal });
    await cut.body!.getReader().read();
    controller.abort();
    await expect.poll(openFiles, { timeout: 5_000 }).toBeLessThanOrEqual(before);
  });

  it('answers HEAD without building the zip', async () => {
    const upload = await createUpload(ferry.url);
    await addFile(ferry.url, upload, 'x', 'a.txt');
    const response = await fetch(`${ferry.url}/archive/${upload.id}/all.zip?dl=1`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=all.zip');
  });

  it('refuses a name without .zip, an upload with nothing to archive, and unknown uploads', async () => {
    const upload = await createUpload(ferry.url);
    const empty = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toBe('nothing to archive\n');
    await addFile(ferry.url, upload, 'x', 'a.txt');
    const noZip = await fetch(`${ferry.url}/archive/${upload.id}/all.tar`);
    expect(noZip.status).toBe(400);
    expect(await noZip.text()).toBe('invalid archive name, missing .zip extension\n');
    expect((await fetch(`${ferry.url}/archive/DDDDDDDDDDDDDDDD/all.zip`)).status).toBe(404);
  });

  it('counts as the one download of a oneShot upload', async () => {
    const upload = await createUpload(ferry.url, { oneShot: true });
    const file = await addFile(ferry.url, upload, 'once', 'once.txt');
    const zip = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`);
    expect(text(unzipSync(new Uint8Array(await zip.arrayBuffer()))['once.txt'])).toBe('once');
    await expect.poll(async () => (await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
    expect((await fetch(`${ferry.url}/archive/${upload.id}/all.zip`)).status).toBe(400);
  });
});
