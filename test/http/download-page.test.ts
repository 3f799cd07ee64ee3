import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppBuilt } from '../../src/http/routes/web.js';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { rawMultipart, type FileJson, type UploadJson } from '../helpers/plik-client.js';

// The multipart parser keeps what follows the last slash, so the markup goes without one.
const HOSTILE = "<img src=x onerror=alert(1)>'&.png";
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&#39;&amp;.png';

/** An upload made with these options, holding these files (name → content). */
async function share(base: string, options: object, files: Record<string, string>) {
  const upload = (await (await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify(options) })).json()) as UploadJson & {
    downloadKey?: string;
  };
  const key = upload.downloadKey ? `?key=${upload.downloadKey}` : '';
  const sent: FileJson[] = [];
  for (const [name, content] of Object.entries(files)) {
    // Written by hand so that the hostile name reaches the server as it is.
    const { body, headers } = rawMultipart(name, content);
    const response = await fetch(`${base}/file/${upload.id}${key}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    sent.push((await response.json()) as FileJson);
  }
  return { upload, files: sent };
}

const postPassword = (url: string, password: string) => fetch(url, { method: 'POST', body: new URLSearchParams({ password }) });

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The links of a page, as a browser reads them. */
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!));

describe("Ferry's own page", () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry();
  });
  afterAll(() => ferry.close());

  it("shows a file's name, size, downloads left, expiry and download link, escaping the name", async () => {
    const { files } = await share(ferry.url, { maxDownloads: 4, ttl: 3600 }, { [HOSTILE]: 'x'.repeat(2500) });
    const file = files[0]!;
    const response = await fetch(`${ferry.url}/d?id=${file.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await response.text();
    expect(html).not.toContain('<img');
    expect(html).toContain(ESCAPED);
    expect(html).toContain('2.5 kB');
    expect(html).toContain('4 downloads left');
    expect(html).toMatch(/Available until <time datetime="\d{4}-\d\d-\d\dT/);
    const link = hrefs(html).find((h) => h.includes(file.id))!;
    const download = await fetch(link);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(await download.text()).toBe('x'.repeat(2500));
  });

  it('asks the password of a protected upload, shows nothing of it before, and answers the file to the right one', async () => {
    const { files } = await share(ferry.url, { password: 'open sesame' }, { 'secret-plans.txt': 'the plans' });
    const url = `${ferry.url}/d?id=${files[0]!.id}`;
    const locked = await (await fetch(url)).text();
    expect(locked).toContain('<form method="post"');
    expect(locked).not.toContain('secret-plans');
    expect(locked).not.toContain('the plans');

    const wrong = await postPassword(url, 'wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong password');
    const right = await postPassword(url, 'open sesame');
    expect(right.status).toBe(200);
    expect(right.headers.get('content-disposition')).toBe('attachment; filename=secret-plans.txt');
    expect(await right.text()).toBe('the plans');
  });

  it("carries a link-encrypted file's key from the page to its download, and says when it lacks", async () => {
    const { upload, files } = await share(ferry.url, { encryption: 'link' }, { 'sealed.txt': 'sealed content' });
    const page = await (await fetch(`${ferry.url}/d?id=${files[0]!.id}&key=${upload.downloadKey}`)).text();
    expect(page).not.toContain('lacks its key');
    const link = hrefs(page).find((h) => h.includes(files[0]!.id))!;
    expect(await (await fetch(link)).text()).toBe('sealed content');

    expect(await (await fetch(`${ferry.url}/d?id=${files[0]!.id}`)).text()).toContain('lacks its key');
    expect((await fetch(`${ferry.url}/d?id=${files[0]!.id}&key=${'B'.repeat(43)}`)).status).toBe(404);
  });

  it('is 404 for a removed or unknown file', async () => {
    const { upload, files } = await share(ferry.url, {}, { 'short-lived.txt': 'x' });
    await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    expect((await fetch(`${ferry.url}/d?id=${files[0]!.id}`)).status).toBe(404);
  });

  it('never lets a name end the attribute or the element it is written in', async () => {
    // Written as `x\" onmouseover=…`, the name arrives with its quotes.
    const { files } = await share(ferry.url, {}, { 'x\\" onmouseover=\\"alert(1)\\"><b>bold.txt': 'x' });
    expect(files[0]!.fileName).toBe('x" onmouseover="alert(1)"><b>bold.txt');
    const html = await (await fetch(`${ferry.url}/d?id=${files[0]!.id}`)).text();
    expect(html).not.toContain('" onmouseover="');
    expect(html).not.toContain('<b>');
    expect(html).toContain('x&quot; onmouseover=&quot;alert(1)&quot;&gt;&lt;b&gt;bold.txt');
  });

  it.runIf(webAppBuilt())("leaves an upload's page (and unknown ids) to the web app", async () => {
    const { upload } = await share(ferry.url, {}, { 'a.txt': 'a', 'b.txt': 'b' });
    for (const id of [upload.id, 'doesnotexist']) {
      const response = await fetch(`${ferry.url}/d?id=${id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(await response.text()).toMatch(/<script type="module"/);
    }
  });
});

describe('a custom template in DataDir/templates/download.html', () => {
  let storage: TestStorage;
  let ferry: TestFerry;
  beforeAll(async () => {
    storage = await createTestStorage();
    await mkdir(path.join(storage.dataDir, 'templates'));
    const template = [
      '<html><body class="acme">',
      '<% if (it.locked) { %><form method="post" action="<%= it.formAction %>"><input name="password"></form>',
      '<% if (it.wrongPassword) { %><p>Try again</p><% } %>',
      '<% } else { %><h1>ACME shares <%= it.name %></h1><p><%= it.size %>, <%= it.remainingDownloads %> left, until <%= it.expiresAt %></p>',
      '<ul><% it.files.forEach(function (f) { %><li><a href="<%= f.downloadUrl %>"><%= f.name %></a></li><% }) %></ul>',
      '<% if (it.archiveUrl) { %><a href="<%= it.archiveUrl %>">zip</a><% } %><% } %>',
      '</body></html>',
    ].join('\n');
    await writeFile(path.join(storage.dataDir, 'templates', 'download.html'), template);
    ferry = await startTestFerry({}, { storage });
  });
  afterAll(async () => {
    await ferry.close();
    await storage.release();
  });

  it('draws the page of a file, with a hostile name escaped', async () => {
    const { files } = await share(ferry.url, { maxDownloads: 2 }, { [HOSTILE]: 'x' });
    const response = await fetch(`${ferry.url}/d?id=${files[0]!.id}`);
    expect(response.status).toBe(200);
    // The admin's page may load their own styles and images: Ferry puts no policy of its own on it.
    expect(response.headers.get('content-security-policy')).toBeNull();
    const html = await response.text();
    expect(html).toContain(`<h1>ACME shares ${ESCAPED}</h1>`);
    expect(html).toContain('1 B, 2 left, until');
    expect(html).not.toContain('<img');
  });

  it("draws an upload's page too, with every file and a zip of them", async () => {
    const { upload } = await share(ferry.url, {}, { 'one.txt': '1', 'two.txt': '2' });
    const html = await (await fetch(`${ferry.url}/d?id=${upload.id}`)).text();
    expect(html).toContain('class="acme"');
    expect(html).toContain('>one.txt</a>');
    expect(html).toContain('>two.txt</a>');
    const zip = hrefs(html).find((h) => h.includes('/archive/'))!;
    const response = await fetch(zip);
    expect(response.headers.get('content-type')).toBe('application/zip');
  });

  it("asks the password with the admin's form, and answers several files as one zip", async () => {
    const { upload } = await share(ferry.url, { password: 'pw' }, { 'one.txt': '1', 'two.txt': '2' });
    const url = `${ferry.url}/d?id=${upload.id}`;
    expect(await (await fetch(url)).text()).toContain(`action="/d?id=${upload.id}"`);
    expect(await (await postPassword(url, 'nope')).text()).toContain('Try again');
    const zip = await postPassword(url, 'pw');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await zip.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('stops start-up when it does not compile, naming the file', async () => {
    const broken = await createTestStorage();
    await mkdir(path.join(broken.dataDir, 'templates'));
    await writeFile(path.join(broken.dataDir, 'templates', 'download.html'), '<% if (it.name { %>');
    await expect(startTestFerry({}, { storage: broken })).rejects.toThrow(/templates\/download\.html/);
    await broken.release();
  });
});
