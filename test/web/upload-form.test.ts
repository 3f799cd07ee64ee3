// The upload form in Chromium against a real Ferry: files first with the options behind "More options", a dropped
// folder's files uploaded with their paths, and the one password rule of a protected upload's page.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, enterPassword, screenshot, textFile, Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
let folder: string;
const visitors = new Visitors();

beforeAll(async () => {
  [ferry, folder] = await Promise.all([startTestFerry(), mkdtemp(path.join(os.tmpdir(), 'ferry-drop-')), visitors.launch()]);
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Whether the element's box lies wholly within the viewport as first shown, before any scrolling. */
const onFirstScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom + scrollY <= innerHeight;
  });

/**
 * Drops files and folders from the disk on the drop zone as a person would: Chromium's own drag and drop (through
 * the DevTools protocol), so the page gets real directory entries to walk.
 */
async function dropFromDisk(page: Page, paths: string[]): Promise<void> {
  const box = (await page.locator('.dropzone').boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

/** An upload protected by a password, made through the API as a Plik client would (with a login of its own, if given). */
async function protectedUpload(password: string, login?: string): Promise<string> {
  const created = await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ password, login }) })).json();
  const form = new FormData();
  form.append('file', new Blob(['for your eyes']), 'secret.txt');
  const sent = await fetch(`${ferry.url}/file/${created.id}`, {
    method: 'POST',
    headers: { 'X-UploadToken': created.uploadToken },
    body: form,
  });
  expect(sent.status).toBe(200);
  return `${ferry.url}/d?id=${created.id}`;
}

describe('the upload form', () => {
  it('puts the files first: on a phone the Upload button is on the first screen, the options one click away', async () => {
    const { page, errors } = await visitors.visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${ferry.url}/`);
    await chooseFiles(page, [textFile('notes.txt', 'a note')]);
    await page.getByRole('heading', { name: '1 file, 6 B' }).waitFor();
    expect(await onFirstScreen(page, 'button[type=submit]')).toBe(true);
    expect(await page.getByLabel('Comments (Markdown)').isVisible()).toBe(false);
    await screenshot(page, 'upload-phone-collapsed');

    // A real disclosure: the keyboard opens it, and its state is told.
    const summary = page.locator('summary', { hasText: 'More options' });
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Comments (Markdown)').waitFor();
    expect(await page.locator('details.options').evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
    // No login asked of the uploader, and no "plik" shown anywhere.
    expect(await page.getByLabel(/login/i).count()).toBe(0);
    expect(await page.locator('input[placeholder="plik"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens the options at once when the server needs one of them filled in', async () => {
    const forced = await startTestFerry({ FeaturePassword: 'forced' });
    const { page } = await visitors.visitor();
    try {
      await page.goto(`${forced.url}/`);
      await page.getByLabel('Password', { exact: true }).waitFor();
      expect(await page.locator('details.options').evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
    } finally {
      await page.context().close();
      await forced.close();
    }
  });

  it('uploads the files of a dropped folder, each named with its path, and a file dropped beside it', async () => {
    const photos = path.join(folder, 'photos');
    await mkdir(path.join(photos, '2024'), { recursive: true });
    await Promise.all([
      writeFile(path.join(photos, 'a.txt'), 'first photo'),
      writeFile(path.join(photos, '2024', 'b.txt'), 'second photo'),
      writeFile(path.join(folder, 'loose.txt'), 'on its own'),
      mkdir(path.join(folder, 'empty'), { recursive: true }),
    ]);
    const { page, errors } = await visitors.visitor();
    await page.goto(`${ferry.url}/`);
    await dropFromDisk(page, [photos, path.join(folder, 'loose.txt')]);
    await page.getByRole('heading', { name: '3 files, 33 B' }).waitFor();
    expect(await page.locator('.queue .file-name').allTextContents()).toEqual(['photos／2024／b.txt', 'photos／a.txt', 'loose.txt']);

    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(2)
      .waitFor();
    const id = new URL(page.url()).searchParams.get('id')!;
    const upload = await (await fetch(`${ferry.url}/upload/${id}`)).json();
    const contents = await Promise.all(
      upload.files.map(async (file: { id: string; fileName: string }) => {
        const response = await fetch(`${ferry.url}/file/${id}/${file.id}/${encodeURIComponent(file.fileName)}`);
        return [file.fileName, await response.text()];
      }),
    );
    expect(Object.fromEntries(contents)).toEqual({
      'photos／2024／b.txt': 'second photo',
      'photos／a.txt': 'first photo',
      'loose.txt': 'on its own',
    });

    // An empty folder adds nothing, and says so.
    await page.goto(`${ferry.url}/`);
    await dropFromDisk(page, [path.join(folder, 'empty')]);
    await page.getByRole('alert').getByText('Nothing to add: the dropped folder is empty.').waitFor();
    expect(await page.locator('.queue li').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('a protected upload', () => {
  it('takes the login too when the uploader chose one, and forgets a refused pair', async () => {
    const shareUrl = await protectedUpload('swordfish', 'friend');
    const { page, errors } = await visitors.visitor();
    await page.goto(shareUrl);
    await enterPassword(page, 'swordfish');
    await page.getByRole('alert').getByText('Wrong password.').waitFor();
    // Refused pairs are not kept: a reload asks without a complaint.
    await page.reload();
    await page.getByRole('heading', { name: 'This upload is protected' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.locator('summary', { hasText: 'I was given a login too' }).click();
    await page.getByLabel('Login').fill('enemy');
    await enterPassword(page, 'swordfish');
    await page.getByRole('alert').getByText('Wrong login or password.').waitFor();
    await page.getByLabel('Login').fill('friend');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'secret.txt' }).waitFor();
    expect(errors).toEqual([]);
  });
});
