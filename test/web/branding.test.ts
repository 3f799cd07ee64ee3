// BrandingFile in Chromium against a real Ferry: the name, logo, colours, footer and stylesheet on the web page, on
// a file's /d page and on an error page, all under the pages' strict CSP (no console error, no inline style).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

const folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-branding-'));
await writeFile(
  path.join(folder, 'acme.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10" width="40" height="20"><rect width="20" height="10" fill="#7a1fa2"/></svg>',
);
await writeFile(path.join(folder, 'acme.css'), '.site-footer { letter-spacing: 3px; }\n');
await writeFile(
  path.join(folder, 'branding.toml'),
  [
    'Name = "Acme Files"',
    'Logo = "acme.svg"',
    'Footer = "Acme Corp · for staff only"',
    'AbuseContact = "abuse@acme.example"',
    'CustomCSS = "acme.css"',
    '[Colors]',
    'Primary = "#7a1fa2"',
    'Accent = "#ffa000"',
  ].join('\n'),
);

const web = ferryInChromium({ BrandingFile: path.join(folder, 'branding.toml') });

/** What the page shows of the brand, as Chromium computed it. */
const brandOf = (page: Page) =>
  page.evaluate(() => {
    const logo = document.querySelector<HTMLImageElement>('.brand .brand-logo');
    const footer = document.querySelector('.site-footer');
    const header = document.querySelector('.site-header')!;
    const primary = document.querySelector('.button.primary');
    return {
      title: document.title,
      brand: document.querySelector('.brand')?.textContent?.trim(),
      logoShown: Boolean(logo?.complete && logo.naturalWidth > 0),
      footer: footer?.textContent ?? '',
      footerSpacing: footer ? getComputedStyle(footer).letterSpacing : '',
      headerLine: getComputedStyle(header).borderBottomColor,
      primary: primary ? [getComputedStyle(primary).backgroundColor, getComputedStyle(primary).color] : null,
    };
  });

describe('a BrandingFile', () => {
  it('names, colours and signs the web page: header, logo, title, footer, primary button, custom CSS', async () => {
    const { page, errors } = await web.visitors.visitor();
    await page.goto(web.ferry.url);
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    await page.locator('.brand-logo').waitFor();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.site-footer')!).letterSpacing === '3px');
    expect(await brandOf(page)).toEqual({
      title: 'Acme Files',
      brand: 'Acme Files',
      logoShown: true,
      footer: expect.stringMatching(/Acme Corp · for staff only.*Report abuse: abuse@acme\.example/),
      footerSpacing: '3px',
      headerLine: 'rgb(255, 160, 0)',
      primary: ['rgb(122, 31, 162)', 'rgb(255, 255, 255)'],
    });
    expect(errors).toEqual([]);
  });

  it("brands a file's /d page and an error page, drawn by the server", async () => {
    const upload = await createUpload(web.ferry.url);
    const file = await addFile(web.ferry.url, upload, 'quarterly numbers', 'numbers.txt', 'text/plain');
    const { page, errors } = await web.visitors.visitor();
    await page.goto(`${web.ferry.url}/d?id=${file.id}`);
    await page.getByRole('heading', { name: 'numbers.txt' }).waitFor();
    expect(await brandOf(page)).toEqual({
      title: 'numbers.txt · Acme Files',
      brand: 'Acme Files',
      logoShown: true,
      footer: expect.stringMatching(/Acme Corp · for staff only.*Report abuse: abuse@acme\.example/s),
      footerSpacing: '3px',
      headerLine: 'rgb(255, 160, 0)',
      primary: ['rgb(122, 31, 162)', 'rgb(255, 255, 255)'],
    });

    const response = await page.goto(`${web.ferry.url}/file/${upload.id}/nothing/here.txt`);
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Nothing to download here' }).waitFor();
    expect(await brandOf(page)).toMatchObject({ title: 'Nothing to download here · Acme Files', brand: 'Acme Files', logoShown: true });
    await page.getByRole('link', { name: "Go to Acme Files's home page" }).waitFor();
    expect(errors).toEqual([]);
  });

  it('is served as JSON, a stylesheet and a logo, under the same CSP as before', async () => {
    const branding = await fetch(`${web.ferry.url}/branding`);
    expect(await branding.json()).toEqual({
      name: 'Acme Files',
      logo: 'branding/logo',
      footer: 'Acme Corp · for staff only',
      stylesheet: 'branding.css',
    });
    const css = await fetch(`${web.ferry.url}/branding.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.site-footer { letter-spacing: 3px; }');
    const logo = await fetch(`${web.ferry.url}/branding/logo`);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    const page = await fetch(`${web.ferry.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self';");
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: blob:;");
  });
});
