// The upload and share pages in Chromium against a real Ferry: uploading, sharing, downloading, passwords,
// one-shot uploads, cancelling, the checks made before sending, and the pages for missing uploads.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, enterPassword, openOptions, screenshot, startStreamUpload, textFile, Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();

beforeAll(async () => {
  [ferry] = await Promise.all([startTestFerry(), visitors.launch()]);
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

/** A fresh browser profile: nothing of another context's uploads, tokens or passwords. */
const newVisitor = (options: Parameters<Browser['newContext']>[0] = {}) => visitors.visitor(options);

/** Uploads from the home page and waits on the share page until every file is there; the share page's URL. */
async function uploadFromPage(
  page: Page,
  files: Array<{ name: string; mimeType: string; buffer: Buffer }>,
  setOptions?: () => Promise<void>,
) {
  await page.goto(`${ferry.url}/`);
  await chooseFiles(page, files);
  await setOptions?.();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL(/\/d\?id=/);
  await page
    .locator('.status', { hasText: /^ready$/ })
    .nth(files.length - 1)
    .waitFor();
  return page.url();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readDownload(download);
}

async function readDownload(download: Download): Promise<Buffer> {
  expect(await download.failure()).toBeNull();
  return readFile((await download.path())!);
}

describe('upload and share', () => {
  it('uploads two files through the page, and someone with the share link downloads them, one by one and zipped', async () => {
    const { page, errors } = await newVisitor({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${ferry.url}/`);
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    await screenshot(page, 'upload');

    const photo = randomBytes(300_000);
    await chooseFiles(page, [
      textFile('notes.txt', 'first file'),
      { name: 'photo.bin', mimeType: 'application/octet-stream', buffer: photo },
    ]);
    await page.getByRole('heading', { name: '2 files, 300 kB' }).waitFor();
    await openOptions(page);
    await page
      .getByLabel('Comments (Markdown)')
      .fill('**Holiday** pictures <script>window.hacked = 1</script><img src=x onerror="window.hacked = 2">');
    await screenshot(page, 'upload-ready');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(1)
      .waitFor();
    await screenshot(page, 'share');

    const shareUrl = await page.getByLabel('Link to this page', { exact: true }).inputValue();
    expect(shareUrl).toBe(page.url());
    await page.getByRole('button', { name: 'Copy link to this page' }).click();
    await page.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);

    const visitor = await newVisitor();
    await visitor.page.goto(shareUrl);
    await visitor.page.getByRole('heading', { name: '2 files' }).waitFor();
    expect(await visitor.page.getByTestId('expiry').textContent()).toMatch(/^expires in (29|30) days$/);
    // Markdown is rendered; script and images are not.
    expect(await visitor.page.locator('.markdown strong').textContent()).toBe('Holiday');
    expect(await visitor.page.locator('.markdown script, .markdown img').count()).toBe(0);
    expect(await visitor.page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
    // The sanitiser parses the comment in an inert document, where Chromium still reports the handler it never runs.
    const unexpected = (errors: string[]) => errors.filter((error) => !error.startsWith('Executing inline event handler'));
    // No upload token in this browser: nothing to remove.
    expect(await visitor.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    await screenshot(visitor.page, 'download');

    const notes = await downloaded(visitor.page, () => visitor.page.getByRole('link', { name: 'Download notes.txt' }).click());
    expect(notes.toString()).toBe('first file');
    const bytes = await downloaded(visitor.page, () => visitor.page.getByRole('link', { name: 'Download photo.bin' }).click());
    expect(bytes.equals(photo)).toBe(true);
    const zip = unzipSync(await downloaded(visitor.page, () => visitor.page.getByRole('link', { name: 'Download all as zip' }).click()));
    expect(Object.keys(zip).sort()).toEqual(['notes.txt', 'photo.bin']);
    expect(Buffer.from(zip['photo.bin']!).equals(photo)).toBe(true);

    await visitor.page.getByRole('button', { name: 'QR code of notes.txt' }).click();
    const qr = visitor.page.getByRole('img', { name: 'QR code of the link to notes.txt' });
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5000 }).toBe(240);
    expect(unexpected(errors)).toEqual([]);
    expect(unexpected(visitor.errors)).toEqual([]);
  });

  it('adds pasted text as a file, and the uploader removes a file and then the whole upload', async () => {
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    await page.getByText('Paste text as a file').click();
    await page.getByLabel('Text', { exact: true }).fill('# To do\n- ship it');
    await page.getByLabel('File name').fill('todo.md');
    await page.getByRole('button', { name: 'Add text file' }).click();
    await chooseFiles(page, [textFile('extra.txt', 'extra')]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(1)
      .waitFor();
    const id = new URL(page.url()).searchParams.get('id')!;
    const upload = await (await fetch(`${ferry.url}/upload/${id}`)).json();
    expect(upload.files.map((f: { fileName: string }) => f.fileName).sort()).toEqual(['extra.txt', 'todo.md']);
    expect(await downloaded(page, () => page.getByRole('link', { name: 'Download todo.md' }).click())).toEqual(
      Buffer.from('# To do\n- ship it'),
    );

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove extra.txt' }).click();
    await page.locator('.status', { hasText: /^removed$/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Download extra.txt' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Delete upload' }).click();
    await page.getByRole('heading', { name: 'Upload deleted' }).waitFor();
    expect((await fetch(`${ferry.url}/upload/${id}`)).status).toBe(404);
    expect(errors).toEqual([]);
  });

  it('says what is wrong before sending: a file over the size limit', async () => {
    const small = await startTestFerry({ MaxFileSize: 1000 });
    const { page } = await newVisitor();
    try {
      await page.goto(`${small.url}/`);
      await chooseFiles(page, [{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(2000) }]);
      await page.getByRole('alert').getByText('big.bin is too large (2 kB): the limit is 1 kB.').waitFor();
      expect(await page.getByRole('button', { name: 'Upload', exact: true }).isDisabled()).toBe(true);
      await screenshot(page, 'upload-too-large');
      await page.getByRole('button', { name: 'Remove big.bin from the list' }).click();
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      // The browser lets go of this server first: a connection it still held could keep the server's close waiting.
      await page.context().close();
      await small.close();
    }
  });

  it('uploads and downloads byte-exact in every encryption mode: none, the server key, the link key', async () => {
    const encrypting = await startTestFerry({ EncryptionKey: randomBytes(32).toString('base64') });
    const uploader = await newVisitor();
    const visitor = await newVisitor();
    try {
      for (const mode of ['None', "With the server's key", 'With a key that only the link holds']) {
        const content = randomBytes(200_000);
        const name = `${mode.length}.bin`;
        await uploader.page.goto(`${encrypting.url}/`);
        await chooseFiles(uploader.page, [{ name, mimeType: 'application/octet-stream', buffer: content }]);
        await openOptions(uploader.page);
        await uploader.page.getByLabel('Encryption at rest').selectOption({ label: mode });
        await uploader.page.getByRole('button', { name: 'Upload', exact: true }).click();
        await uploader.page.waitForURL(/\/d\?id=/);
        await uploader.page.locator('.status', { hasText: /^ready$/ }).waitFor();
        const shareUrl = await uploader.page.getByLabel('Link to this page', { exact: true }).inputValue();
        await visitor.page.goto(shareUrl);
        const bytes = await downloaded(visitor.page, () => visitor.page.getByRole('link', { name: `Download ${name}` }).click());
        expect(bytes.equals(content), mode).toBe(true);
      }
      expect(uploader.errors).toEqual([]);
      expect(visitor.errors).toEqual([]);
    } finally {
      await Promise.all([uploader.page.context().close(), visitor.page.context().close()]);
      await encrypting.close();
    }
  });

  it('shows a stream upload waiting for its downloader, and cancels it', async () => {
    const { page, errors } = await newVisitor();
    await startStreamUpload(page, `${ferry.url}/`);
    const progress = page.getByRole('progressbar', { name: 'Upload of live.txt' });
    await progress.waitFor();
    await page.getByRole('button', { name: 'Cancel the upload of live.txt' }).click();
    await page.getByText('Cancelled').waitFor();
    const id = new URL(page.url()).searchParams.get('id')!;
    await expect
      .poll(async () => (await (await fetch(`${ferry.url}/upload/${id}`)).json()).files[0].status, { timeout: 5000 })
      .toBe('deleted');
    expect(await page.getByText('Cancelled').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('protected and one-shot uploads', () => {
  it('asks for the password alone, refuses a wrong one, opens with the right one for this tab, and downloads', async () => {
    const uploader = await newVisitor();
    const shareUrl = await uploadFromPage(uploader.page, [textFile('secret.txt', 'top secret')], async () => {
      await openOptions(uploader.page);
      await uploader.page.getByLabel('Password (optional)').fill('open sesame');
    });

    const { page, errors } = await newVisitor();
    await page.goto(shareUrl);
    await page.getByRole('heading', { name: 'This upload is protected' }).waitFor();
    expect(await page.getByText('secret.txt').count()).toBe(0);
    // The password alone: no login asked, no "plik" shown.
    expect(await page.getByLabel('Login').isVisible()).toBe(false);
    expect(
      await page.locator('input').evaluateAll((inputs: HTMLInputElement[]) => inputs.map((input) => input.value + input.placeholder)),
    ).not.toContain('plik');
    await screenshot(page, 'password');
    await enterPassword(page, 'wrong');
    await page.getByRole('alert').getByText('Wrong password.').waitFor();
    await enterPassword(page, 'open sesame');
    await page.getByRole('heading', { name: 'secret.txt' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // Kept for this tab: a reload opens it at once, another tab asks again; nothing of it in localStorage.
    await page.reload();
    await page.getByRole('heading', { name: 'secret.txt' }).waitFor();
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('open sesame');
    const other = await page.context().newPage();
    await other.goto(shareUrl);
    await other.getByRole('heading', { name: 'This upload is protected' }).waitFor();
    // The browser follows the link itself: the page hands it the credentials first.
    expect((await downloaded(page, () => page.getByRole('link', { name: 'Download secret.txt' }).click())).toString()).toBe('top secret');
    expect(errors).toEqual([]);
  });

  it('lets a one-shot file be downloaded once: a second visit finds it gone', async () => {
    const uploader = await newVisitor();
    const shareUrl = await uploadFromPage(uploader.page, [textFile('once.txt', 'only once')], async () => {
      await openOptions(uploader.page);
      await uploader.page.getByLabel('One download only').check();
    });

    const { page, errors } = await newVisitor();
    await page.goto(shareUrl);
    await page.getByText('1 download left').waitFor();
    expect((await downloaded(page, () => page.getByRole('link', { name: 'Download once.txt' }).click())).toString()).toBe('only once');

    await page.reload();
    await page.locator('.status', { hasText: 'already downloaded' }).waitFor();
    expect(await page.getByRole('link', { name: /Download/ }).count()).toBe(0);
    await screenshot(page, 'one-shot-downloaded');
    expect(errors).toEqual([]);
  });

  it('says plainly when an upload does not exist or has expired', async () => {
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/d?id=doesnotexist`);
    await page.getByRole('heading', { name: 'Upload not found' }).waitFor();
    expect(await page.title()).toBe('Upload not found · Ferry');
    await screenshot(page, 'not-found');
    expect(errors).toEqual([]);
  });

  it('opens the upload of a Plik-style link (/#/?id=…)', async () => {
    const created = await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}' })).json();
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/#/?id=${created.id}`);
    await page.waitForURL(`${ferry.url}/d?id=${created.id}`);
    await page.getByRole('heading', { name: '0 files' }).waitFor();
  });
});

describe('layout', () => {
  it('fits a phone screen: nothing scrolls sideways', async () => {
    const { page, errors } = await newVisitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${ferry.url}/`);
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(page, 'upload-phone');
    await uploadFromPage(page, [textFile('a-file-with-a-rather-long-name-for-a-small-screen.txt', 'phone')]);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(page, 'share-phone');
    expect(errors).toEqual([]);
  });
});

describe('themes', () => {
  it('follows the system in dark, and keeps a chosen theme', async () => {
    const { page, errors } = await newVisitor({ colorScheme: 'dark' });
    await uploadFromPage(page, [textFile('dark.txt', 'night')]);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const dark = await background();
    await screenshot(page, 'share-dark');
    await page.getByLabel('Theme').selectOption('light');
    expect(await background()).not.toBe(dark);
    await page.reload();
    await page.getByRole('heading', { name: 'dark.txt' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(errors).toEqual([]);
  });
});
