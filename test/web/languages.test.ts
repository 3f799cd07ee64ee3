// The page's languages in Chromium against a real Ferry: the browser's language first, the switcher changing the
// upload and share pages' words in each of the 15 languages (a screenshot of each in docs/screenshots with
// `npm run screenshots`), Arabic laid out right to left, a signed-in user's choice kept in their account, and the
// pages the server draws in the language of Accept-Language.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.js';
import type { PageMessages } from '../../src/i18n/pages/en.js';
import type { WebMessages } from '../../src/i18n/web/en.js';
import { chooseFiles, ferryInChromium, screenshot, textFile } from '../helpers/chromium.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

const web = ferryInChromium({ FeatureAuthentication: 'enabled' });

const webWords = async (tag: string): Promise<WebMessages> => (await import(`../../src/i18n/web/${tag}.ts`)).default;
const pageWords = async (tag: string): Promise<PageMessages> => (await import(`../../src/i18n/pages/${tag}.ts`)).default;

const html = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
const chooseLanguage = (page: Page, tag: string) => page.locator('.language-select select').selectOption(tag);
/** A picture of the page, kept only by `npm run screenshots`: 30 of them would slow every other run. */
const keepScreenshot = (page: Page, name: string) => (process.env.FERRY_SCREENSHOTS ? screenshot(page, name) : undefined);

describe('the web page in many languages', () => {
  it("starts in the browser's language, and in English when Ferry does not speak it", async () => {
    const german = await webWords('de');
    const { page, errors } = await web.visitors.visitor({ locale: 'de-DE' });
    await page.goto(web.ferry.url);
    await page.getByRole('heading', { name: german.shareFiles }).waitFor();
    expect(await html(page)).toEqual({ lang: 'de', dir: 'ltr' });
    expect(await page.getByRole('button', { name: german.chooseFiles }).isVisible()).toBe(true);

    const swede = await web.visitors.visitor({ locale: 'sv-SE' });
    await swede.page.goto(web.ferry.url);
    await swede.page.getByRole('heading', { name: 'Share files' }).waitFor();
    expect(await html(swede.page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect([...errors, ...swede.errors]).toEqual([]);
  });

  it('changes the upload and the share page when another language is chosen, in each of them, and keeps the choice', async () => {
    const { page, errors } = await web.visitors.visitor({ locale: 'en-US', viewport: { width: 1000, height: 800 } });
    await page.goto(web.ferry.url);
    await chooseFiles(page, [textFile('notes.txt', 'hello')]);
    for (const { tag, dir } of LANGUAGES) {
      const words = await webWords(tag);
      await chooseLanguage(page, tag);
      await page.getByRole('heading', { name: words.shareFiles, exact: true }).waitFor();
      expect(await page.locator('#queued-title').textContent()).toContain(words.files(1));
      expect(await page.getByRole('button', { name: words.uploadButton, exact: true }).isVisible()).toBe(true);
      expect(await html(page)).toEqual({ lang: tag, dir });
      await keepScreenshot(page, `upload-${tag}`);
    }

    await chooseLanguage(page, 'en');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    for (const { tag } of LANGUAGES) {
      const words = await webWords(tag);
      await chooseLanguage(page, tag);
      await page.getByRole('heading', { name: words.filesTitle, exact: true }).waitFor();
      expect(await page.locator('.status').textContent()).toBe(words.statusReady);
      expect(await page.getByRole('textbox', { name: words.linkToPage }).isVisible()).toBe(true);
      expect(await page.getByTestId('expiry').textContent()).not.toBe('');
      await keepScreenshot(page, `share-${tag}`);
    }

    // Not signed in: the choice stays in this browser, for the next visit.
    await page.reload();
    await page.getByRole('heading', { name: (await webWords('tr')).filesTitle, exact: true }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('ferry.language'))).toBe('tr');
    expect(errors).toEqual([]);
  });

  it('lays Arabic out right to left: the brand at the right, lists indented from the right, a file name right of its button', async () => {
    const arabic = await webWords('ar');
    const { page, errors } = await web.visitors.visitor({ locale: 'ar', viewport: { width: 1000, height: 800 } });
    await page.goto(web.ferry.url);
    await page.getByRole('heading', { name: arabic.shareFiles }).waitFor();
    expect(await html(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    // Sending nothing lists what to fix: the list's indent (for its bullets) is on the right, where its lines start.
    await page.getByRole('button', { name: arabic.uploadButton, exact: true }).click();
    const indent = await page.locator('.problems').evaluate((list) => {
      const [box, item] = [list.getBoundingClientRect(), list.firstElementChild!.getBoundingClientRect()];
      return { start: box.right - item.right, end: item.left - box.left };
    });
    expect(indent.start).toBeGreaterThan(10);
    expect(indent.end).toBeLessThan(1);
    await chooseFiles(page, [textFile('notes.txt', 'hello')], arabic.chooseFiles);

    const brand = (await page.locator('.brand').boundingBox())!;
    expect(brand.x).toBeGreaterThan(1000 / 2);
    const name = (await page.locator('.queue .file-name').boundingBox())!;
    const remove = (await page.locator('.queue button').boundingBox())!;
    expect(name.x).toBeGreaterThan(remove.x + remove.width);
    // Headings start at the right edge of the column, as the text does.
    const heading = await page.locator('h1').evaluate((h1) => {
      const range = document.createRange();
      range.selectNodeContents(h1);
      return { text: range.getBoundingClientRect().right, box: h1.getBoundingClientRect().right };
    });
    expect(heading.box - heading.text).toBeLessThan(2);
    expect(errors).toEqual([]);
  });

  it("keeps a signed-in user's choice in their account (PATCH /me's language), which their next sign-in brings back", async () => {
    const user = await web.ferry.services.users.create({ provider: 'local', login: 'polyglot', password: 'polyglot-password' });
    const french = await webWords('fr');
    const signIn = async (page: Page) => {
      await page.goto(`${web.ferry.url}/login`);
      await page.getByLabel('Login').fill('polyglot');
      await page.getByLabel('Password').fill('polyglot-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${web.ferry.url}/account`);
    };

    const here = await web.visitors.visitor({ locale: 'en-US' });
    await signIn(here.page);
    await chooseLanguage(here.page, 'fr');
    await here.page.getByRole('link', { name: french.navUpload, exact: true }).waitFor();
    await expect.poll(async () => (await web.ferry.services.users.get(user.id)).language).toBe('fr');
    expect(await here.page.evaluate(() => localStorage.getItem('ferry.language'))).toBeNull();

    const there = await web.visitors.visitor({ locale: 'en-US' });
    await signIn(there.page);
    await there.page.getByRole('link', { name: french.navUpload, exact: true }).waitFor();
    expect(await html(there.page)).toEqual({ lang: 'fr', dir: 'ltr' });
    expect([...here.errors, ...there.errors]).toEqual([]);
  });
});

describe("the server's pages in many languages", () => {
  it('draw /d and error pages in the language of Accept-Language, Arabic right to left', async () => {
    const upload = await createUpload(web.ferry.url, { ttl: 86_400 });
    const file = await addFile(web.ferry.url, upload, 'hello', 'notes.txt', 'text/plain');

    const german = await pageWords('de');
    const { page, errors } = await web.visitors.visitor({ locale: 'de-DE' });
    await page.goto(`${web.ferry.url}/d?id=${file.id}`);
    await page.getByRole('link', { name: german.download, exact: true }).waitFor();
    expect(await html(page)).toEqual({ lang: 'de', dir: 'ltr' });
    // The expiry date as German writes it: the month's name.
    expect(await page.locator('time').textContent()).toMatch(
      /Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember/,
    );
    expect(await page.locator('.hint').textContent()).toMatch(/^Verfügbar bis .+\.$/);

    const arabic = await pageWords('ar');
    const ar = await web.visitors.visitor({ locale: 'ar', viewport: { width: 1000, height: 800 } });
    await ar.page.goto(`${web.ferry.url}/d?id=${file.id}`);
    await ar.page.getByRole('link', { name: arabic.download, exact: true }).waitFor();
    expect(await html(ar.page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect((await ar.page.locator('.brand').boundingBox())!.x).toBeGreaterThan(1000 / 2);

    const japanese = await pageWords('ja');
    const ja = await web.visitors.visitor({ locale: 'ja-JP' });
    const response = await ja.page.goto(`${web.ferry.url}/file/${upload.id}/nothing/here.txt`);
    expect(response!.status()).toBe(404);
    await ja.page.getByRole('heading', { name: japanese.gone.title }).waitFor();
    expect([...errors, ...ar.errors, ...ja.errors]).toEqual([]);
  });
});
