// Every page in Chromium passes axe-core (WCAG 2.2 A to AAA, best practices) in the light, dark and high-contrast
// looks: upload, share page, sign-in, account, admin, CLI sign-in approval, a file's /d page and an error page.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Violation, axeViolations } from '../helpers/axe.js';
import { chooseFiles, ferryInChromium, textFile } from '../helpers/chromium.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

const web = ferryInChromium({ FeatureAuthentication: 'enabled' });
const ADMIN = { login: 'harbour-master', password: 'admin-password' };

beforeAll(async () => {
  await web.ferry.services.users.create({ provider: 'local', login: ADMIN.login, password: ADMIN.password, name: 'Ada', isAdmin: true });
});

/** The looks a visitor's system can ask for; high contrast by prefers-contrast, as the server's pages have no script. */
const LOOKS: Record<string, BrowserContextOptions> = {
  light: { colorScheme: 'light' },
  dark: { colorScheme: 'dark' },
  'high contrast (light)': { colorScheme: 'light', contrast: 'more' },
  'high contrast (dark)': { colorScheme: 'dark', contrast: 'more' },
};

async function signIn(page: Page) {
  await page.goto(`${web.ferry.url}/login`);
  await page.getByLabel('Login').fill(ADMIN.login);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${web.ferry.url}/account`);
}

describe('axe-core', () => {
  for (const [look, options] of Object.entries(LOOKS)) {
    it(`finds nothing on any page in the ${look} look`, async () => {
      const { page, errors } = await web.visitors.visitor(options);
      const found: Record<string, Violation[]> = {};
      const check = async (name: string, heading: string) => {
        await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
        found[name] = await axeViolations(page);
      };

      await page.goto(`${web.ferry.url}/login`);
      await check('sign-in', 'Sign in');
      await signIn(page);
      await check('account', 'Your account');
      await page.goto(`${web.ferry.url}/admin`);
      await check('admin', 'Administration');
      await page.goto(`${web.ferry.url}/cli-auth?code=ABCD-EFGH`);
      await check('cli-auth', 'Approve a command-line sign-in');

      await page.goto(`${web.ferry.url}/`);
      await check('upload', 'Share files');
      await chooseFiles(page, [textFile('notes.txt', 'notes')]);
      await check('upload with a file', 'Share files');
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.locator('.status', { hasText: /^ready$/ }).waitFor();
      await check('share page', 'notes.txt');

      const upload = await createUpload(web.ferry.url);
      const file = await addFile(web.ferry.url, upload, 'plain', 'plain.txt', 'text/plain');
      await page.goto(`${web.ferry.url}/d?id=${file.id}`);
      await check("a file's /d page", 'plain.txt');
      await page.goto(`${web.ferry.url}/file/${upload.id}/nothing/gone.txt`);
      await check('error page', 'Nothing to download here');

      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
      expect(errors).toEqual([]);
    });
  }

  it('would find a violation: an image without a text alternative', async () => {
    const { page } = await web.visitors.visitor();
    await page.goto(`${web.ferry.url}/`);
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    await page.evaluate(() => document.querySelector('main')!.append(document.createElement('img')));
    expect((await axeViolations(page)).map((v) => v.rule)).toContain('image-alt');
  });
});
