// The pages the server draws, in Chromium: a spent one-time link's page and a protected file's password form, in
// the app's look (its stylesheet loads under the pages' CSP, dark when the system is), and the form gets the file.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ferryInChromium, screenshot } from '../helpers/chromium.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';

const web = ferryInChromium({ AbuseContact: 'abuse@files.example.com' });

// styles.css's --bg in light and in dark.
const LIGHT_BACKGROUND = 'rgb(246, 247, 249)';
const DARK_BACKGROUND = 'rgb(17, 19, 22)';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

describe("the server's pages in a browser", () => {
  it("show AbuseContact in the app's footer", async () => {
    const { page, errors } = await web.visitors.visitor();
    await page.goto(web.ferry.url);
    await page.getByRole('contentinfo').getByText('Report abuse: abuse@files.example.com').waitFor();
    expect(errors).toEqual([]);
  });

  it('say that a one-time link has been used, in the light look', async () => {
    const upload = await createUpload(web.ferry.url, { oneShot: true });
    const file = await addFile(web.ferry.url, upload, 'only once', 'once.txt', 'text/plain');
    const url = fileUrl(web.ferry.url, upload, file);
    expect(await (await fetch(url)).text()).toBe('only once');

    const { page, errors } = await web.visitors.visitor({ colorScheme: 'light' });
    const response = await page.goto(url);
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Nothing to download here' }).waitFor();
    await page.getByText('one-time link').waitFor();
    expect(await background(page)).toBe(LIGHT_BACKGROUND);
    await screenshot(page, 'error-page');
    expect(errors).toEqual([]);
  });

  it("ask a protected file's password in the app's form (dark), not the browser's dialog, and then give the file byte-exact", async () => {
    const content = randomBytes(200_000);
    const upload = await createUpload(web.ferry.url, { password: 'open sesame' });
    const file = await addFile(web.ferry.url, upload, content, 'plans.bin');

    const { page, errors } = await web.visitors.visitor({ colorScheme: 'dark' });
    const response = await page.goto(fileUrl(web.ferry.url, upload, file));
    expect(response!.status()).toBe(401);
    await page.getByRole('heading', { name: 'Password required' }).waitFor();
    expect(await background(page)).toBe(DARK_BACKGROUND);
    await screenshot(page, 'password-page-dark');

    await page.getByLabel('Password').fill('not it');
    await page.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('alert').getByText('Wrong password.').waitFor();

    await page.getByLabel('Password').fill('open sesame');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(await download.failure()).toBeNull();
    expect(download.suggestedFilename()).toBe('plans.bin');
    expect((await readFile((await download.path())!)).equals(content)).toBe(true);
    expect(errors).toEqual([]);
  });
});
