// The installable app in Chromium against a real Ferry under a Path: its manifest (named after the brand) and
// icons, the service worker's scope, the shell that loads offline, and "Share → Ferry" (Web Share Target).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';

const folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-pwa-'));
await writeFile(path.join(folder, 'branding.json'), JSON.stringify({ Name: 'Acme Files', Colors: { Primary: '#7a1fa2' } }));
const web = ferryInChromium({ Path: '/ferry', BrandingFile: path.join(folder, 'branding.json') });

/** The width and height a PNG's IHDR says. */
const pngSize = (png: Buffer) => `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;

/** Opens the upload page once the service worker is active, so that it controls the page; answers its scope. */
async function controlledPage(page: Page): Promise<string> {
  await page.goto(`${web.ferry.url}/`);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  // The worker claims the page that registered it as it activates; a page loaded after that is its for sure.
  await page.reload();
  await page.getByRole('heading', { name: 'Share files' }).waitFor();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${web.ferry.url}/sw.js`);
  return scope;
}

describe('the installable app', () => {
  it('has a web manifest named after the brand, served as one, with icons of the sizes it says', async () => {
    const response = await fetch(`${web.ferry.url}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
    const manifest = await response.json();
    expect(manifest).toMatchObject({
      name: 'Acme Files',
      short_name: 'Acme Files',
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: '#7a1fa2',
      share_target: { action: 'share', method: 'POST', enctype: 'multipart/form-data', params: { files: [{ name: 'files' }] } },
    });
    const base = `${web.ferry.url}/manifest.webmanifest`;
    for (const icon of manifest.icons as Array<{ src: string; sizes: string; type: string; purpose: string }>) {
      const file = await fetch(new URL(icon.src, base));
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get('content-type')).toContain(icon.type);
      if (icon.type === 'image/png') expect(pngSize(Buffer.from(await file.arrayBuffer()))).toBe(icon.sizes);
    }
    const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  });

  it('registers its service worker for the Path, and the page loads offline from the shell, saying so', async () => {
    const { page, errors } = await web.visitors.visitor();
    // The page links the manifest, which Chromium reads with the pages' CSP (manifest-src 'self').
    expect(await page.goto(`${web.ferry.url}/`).then(() => page.locator('link[rel="manifest"]').getAttribute('href'))).toBe(
      './manifest.webmanifest',
    );
    expect(await controlledPage(page)).toBe(`${web.ferry.url}/`);
    // Chromium's own reading of the manifest: no error, and nothing that stops the app from being installed.
    const cdp = await page.context().newCDPSession(page);
    const read = await cdp.send('Page.getAppManifest');
    expect(read.url).toBe(`${web.ferry.url}/manifest.webmanifest`);
    expect(read.errors).toEqual([]);
    // A test's browser context is an incognito one, where Chromium installs nothing whatever the app.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

    await page.context().setOffline(true);
    await page.reload();
    await page.getByText('Ferry cannot be reached (you may be offline)').waitFor();
    // The app's own stylesheet came from the cache: the page keeps its look.
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe('flex');
    // Only the shell is kept: no API answer, no file.
    const kept = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      return urls.map((url) => url.replace(location.origin, ''));
    });
    expect(kept.length).toBeGreaterThan(0);
    for (const url of kept) expect(url).toMatch(/^\/ferry\/(assets\/[\w.-]+|branding\.css|manifest\.webmanifest)?$/);
    await page.context().setOffline(false);
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('takes files shared to it: the share form posted, an upload made with the file, its link shown and copied', async () => {
    const { page, errors } = await web.visitors.visitor({ permissions: ['clipboard-read', 'clipboard-write'] });
    await controlledPage(page);
    // What Android's share sheet does: a multipart POST of the manifest's share_target, here from a form.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.enctype = 'multipart/form-data';
      form.action = 'share';
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'files';
      input.id = 'shared';
      form.append(input);
      document.body.append(form);
    });
    await page.setInputFiles('#shared', {
      name: 'holiday notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('shared from another app'),
    });
    await page.evaluate(() => document.querySelector<HTMLFormElement>('form[action="share"]')!.requestSubmit());

    await page.waitForURL(/\/ferry\/d\?id=/);
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    const id = new URL(page.url()).searchParams.get('id')!;
    const upload = await (await fetch(`${web.ferry.url}/upload/${id}`)).json();
    expect(upload.files.map((file: { fileName: string }) => file.fileName)).toEqual(['holiday notes.txt']);
    const [file] = upload.files;
    expect(await (await fetch(`${web.ferry.url}/file/${id}/${file.id}/holiday%20notes.txt`)).text()).toBe('shared from another app');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    // Handed over once: nothing of the share is left behind.
    expect(await page.evaluate(async () => (await (await caches.open('ferry-shared-files')).keys()).length)).toBe(0);
    expect(errors).toEqual([]);
  });
});
