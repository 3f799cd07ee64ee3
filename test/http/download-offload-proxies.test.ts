// DownloadOffload = "nginx" and "caddy" through the real proxies, configured by deploy/nginx.conf and deploy/Caddyfile:
// Ferry checks and counts, the proxy sends the bytes from the files folder; what Ferry refuses stays refused, and the
// files folder stays out of clients' reach.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCaddy } from '../helpers/caddy.js';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { startTestNginx, type TestProxy } from '../helpers/nginx.js';
import { addFile, basicAuth, createUpload, fileUrl } from '../helpers/plik-client.js';

const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

const PROXIES = [
  // nginx sends one range at most (max_ranges 1), as Ferry does; Caddy's file_server sends several as multipart.
  { name: 'nginx', start: startTestNginx, severalRanges: 200 },
  { name: 'caddy', start: startTestCaddy, severalRanges: 206 },
] as const;

describe.each(PROXIES)('DownloadOffload = $name', ({ name, start, severalRanges }) => {
  let dataDir: string;
  let storage: TestStorage;
  let ferry: TestFerry;
  let proxy: TestProxy;
  beforeAll(async () => {
    // Readable by the proxy's unprivileged user, as a files folder it serves must be.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-offload-'));
    await chmod(dataDir, 0o755);
    storage = await createTestStorage({ dataDir, data: 'file' });
    ferry = await startTestFerry({ DownloadOffload: name }, { storage });
    proxy = await start(new URL(ferry.url).origin, path.join(dataDir, 'files'));
  });
  afterAll(async () => {
    await proxy?.stop();
    await ferry?.close();
    await storage?.release();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('has the proxy send the bytes, byte-exact, with the headers Ferry chose, and counts the download', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const upload = await createUpload(proxy.url, { maxDownloads: 5 });
    const file = await addFile(proxy.url, upload, content, 'report final.bin', 'text/plain');
    // Ferry alone answers with the headers and where the file is, from its own key layout; no byte.
    const direct = await fetch(fileUrl(ferry.url, upload, file));
    expect(direct.headers.get('x-accel-redirect')).toBe(`/_ferry_files/${upload.id.slice(0, 2)}/${upload.id}/${file.id}`);
    expect(await direct.text()).toBe('');

    const response = await fetch(fileUrl(proxy.url, upload, file));
    expect(response.status).toBe(200);
    expect((await bytesOf(response)).equals(content)).toBe(true);
    expect(response.headers.get('x-accel-redirect')).toBeNull();
    expect(response.headers.get('content-length')).toBe(String(content.length));
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="report final.bin"');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(response.headers.get('expires')).toBe('0');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // Ferry's direct answer counted one, the proxy's the second.
    await expect.poll(async () => (await ferry.metadata.findFile(upload.id, file.id))?.downloadsCompleted).toBe(2);
  });

  it('lets the proxy answer a Range of a file without a limit, and refuses an impossible one itself', async () => {
    const content = randomBytes(64 * 1024);
    const upload = await createUpload(proxy.url);
    const file = await addFile(proxy.url, upload, content, 'video.mp4', 'video/mp4');
    const partial = await fetch(fileUrl(proxy.url, upload, file), { headers: { Range: 'bytes=1000-1999' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 1000-1999/${content.length}`);
    expect((await bytesOf(partial)).equals(content.subarray(1000, 2000))).toBe(true);
    expect(partial.headers.get('content-type')).toBe('video/mp4');
    const several = await fetch(fileUrl(proxy.url, upload, file), { headers: { Range: 'bytes=0-9,20-29' } });
    expect(several.status).toBe(severalRanges);
    expect((await fetch(fileUrl(proxy.url, upload, file), { headers: { Range: 'bytes=900000-' } })).status).toBe(416);
  });

  it('keeps the files folder out of reach: its internal location answers clients 404', async () => {
    const upload = await createUpload(proxy.url);
    const file = await addFile(proxy.url, upload, 'private bytes', 'a.txt');
    for (const probe of [
      `/_ferry_files/${upload.id.slice(0, 2)}/${upload.id}/${file.id}`,
      `/_ferry_files/`,
      `/_ferry_files/../ferry.db`,
      `/_ferry_files/%2e%2e/ferry.db`,
    ]) {
      const response = await fetch(`${proxy.url}${probe}`);
      expect(response.status, probe).toBe(404);
      expect(await response.text()).not.toContain('private bytes');
    }
  });

  it('still refuses what Ferry refuses: a wrong password gets its 401, nothing handed over', async () => {
    const upload = await createUpload(proxy.url, { login: 'foo', password: 'bar' });
    const file = await addFile(proxy.url, upload, 'secret data', 's.txt');
    const wrong = await fetch(fileUrl(proxy.url, upload, file), { headers: { Authorization: basicAuth('foo', 'nope') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await wrong.text()).not.toContain('secret data');
    const right = await fetch(fileUrl(proxy.url, upload, file), { headers: { Authorization: basicAuth('foo', 'bar') } });
    expect(await right.text()).toBe('secret data');
    // The download page's form POSTs the password for the file: handed over too, which the proxy serves as a GET.
    const unlock = (base: string) => fetch(`${base}/d?id=${upload.id}`, { method: 'POST', body: new URLSearchParams({ password: 'bar' }) });
    expect((await unlock(ferry.url)).headers.get('x-accel-redirect')).toMatch(/^\/_ferry_files\//);
    const page = await unlock(proxy.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('secret data');
  });

  it('serves a oneShot file once, whole even when a part is asked for, then frees it', async () => {
    const content = randomBytes(200_000);
    const upload = await createUpload(proxy.url, { oneShot: true });
    const file = await addFile(proxy.url, upload, content, 'once.bin');
    // A counted file is not handed over to a Range request (the proxy would send a part): Ferry sends it whole.
    const first = await fetch(fileUrl(proxy.url, upload, file), { headers: { Range: 'bytes=0-99' } });
    expect(first.status).toBe(200);
    expect((await bytesOf(first)).equals(content)).toBe(true);
    expect((await fetch(fileUrl(proxy.url, upload, file))).status).toBe(404);

    const handed = await createUpload(proxy.url, { oneShot: true });
    const handedFile = await addFile(proxy.url, handed, content, 'once.bin');
    // A chat's link-preview bot does not take it: Ferry refuses it before handing anything over.
    const bot = await fetch(fileUrl(proxy.url, handed, handedFile), { headers: { 'User-Agent': 'Slackbot-LinkExpanding 1.0' } });
    expect(bot.status).toBe(406);
    const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(fileUrl(proxy.url, handed, handedFile))));
    const bodies = await Promise.all(responses.map(bytesOf));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
    expect(bodies.filter((body) => body.equals(content))).toHaveLength(1);
    // The handed-over file's bytes go at the next sweep, the proxy having had them first.
    await ferry.cleanup.run();
    expect((await ferry.storedFiles()).filter((f) => f.includes(handed.id) || f.includes(upload.id))).toEqual([]);
  });
});
