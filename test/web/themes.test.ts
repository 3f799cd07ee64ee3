// Themes in Chromium: the system's light, dark and more contrast by default; a choice kept in this browser, or on
// the account once signed in (PATCH /me's theme) so that it follows the user; the high-contrast theme at 7:1 or more.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';
import { lowContrast } from '../helpers/contrast.js';

const web = ferryInChromium({ FeatureAuthentication: 'enabled' });
const LOGIN = 'night-owl';
let userId: string;

beforeAll(async () => {
  ({ id: userId } = await web.ferry.services.users.create({ provider: 'local', login: LOGIN, password: 'owl-password', name: 'Owl' }));
});

const looks = (page: Page) =>
  page.evaluate(() => ({
    theme: document.documentElement.dataset.theme ?? 'system',
    background: getComputedStyle(document.documentElement).backgroundColor,
  }));

// styles.css's --bg of each look.
const LIGHT = 'rgb(246, 247, 249)';
const DARK = 'rgb(17, 19, 22)';
const WHITE = 'rgb(255, 255, 255)';
const BLACK = 'rgb(0, 0, 0)';

async function openUploadPage(page: Page) {
  await page.goto(`${web.ferry.url}/`);
  await page.getByRole('heading', { name: 'Share files' }).waitFor();
}

describe('themes', () => {
  it('follow the system by default: prefers-color-scheme, and prefers-contrast for high contrast, light or dark', async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, options] of [
      ['light', { colorScheme: 'light' }],
      ['dark', { colorScheme: 'dark' }],
      ['more contrast, light', { colorScheme: 'light', contrast: 'more' }],
      ['more contrast, dark', { colorScheme: 'dark', contrast: 'more' }],
    ] as const) {
      const { page } = await web.visitors.visitor(options);
      await openUploadPage(page);
      const app = await looks(page);
      // The pages the server draws have no script: the system's preference alone decides.
      await page.goto(`${web.ferry.url}/file/nothing/here/gone.txt`);
      await page.getByRole('heading', { name: 'Nothing to download here' }).waitFor();
      seen[name] = [app.background, (await looks(page)).background];
    }
    expect(seen).toEqual({
      light: [LIGHT, LIGHT],
      dark: [DARK, DARK],
      'more contrast, light': [WHITE, WHITE],
      'more contrast, dark': [BLACK, BLACK],
    });
  });

  it('a choice is kept in this browser without an account, high contrast every text at 7:1 or more in light and dark', async () => {
    // No transitions: the contrast measured is the look's, not a colour halfway from the last one.
    const { page, errors } = await web.visitors.visitor({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await openUploadPage(page);
    await page.getByLabel('Theme').selectOption('high-contrast');
    expect(await looks(page)).toEqual({ theme: 'high-contrast', background: BLACK });
    expect(await lowContrast(page, 7)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    expect(await looks(page)).toEqual({ theme: 'high-contrast', background: BLACK });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await looks(page)).toEqual({ theme: 'high-contrast', background: WHITE });
    expect(await lowContrast(page, 7)).toEqual([]);
    await page.getByLabel('Theme').selectOption('system');
    expect(await looks(page)).toEqual({ theme: 'system', background: LIGHT });
    expect(await page.evaluate(() => localStorage.getItem('ferry.theme'))).toBeNull();
    expect(errors).toEqual([]);
  });

  it('signed in, a choice is kept on the account and follows the user to another browser', async () => {
    const signIn = async (page: Page) => {
      await page.goto(`${web.ferry.url}/login`);
      await page.getByLabel('Login').fill(LOGIN);
      await page.getByLabel('Password').fill('owl-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${web.ferry.url}/account`);
    };
    const { page, errors } = await web.visitors.visitor({ colorScheme: 'light' });
    await signIn(page);
    const saved = page.waitForResponse((response) => response.url().endsWith('/me') && response.request().method() === 'PATCH');
    await page.getByLabel('Theme').selectOption('dark');
    expect((await saved).status()).toBe(200);
    expect((await web.ferry.services.users.get(userId)).theme).toBe('dark');

    const other = await web.visitors.visitor({ colorScheme: 'light' });
    await signIn(other.page);
    await other.page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await looks(other.page)).toEqual({ theme: 'dark', background: DARK });
    expect(await other.page.getByLabel('Theme').inputValue()).toBe('dark');
    expect([...errors, ...other.errors]).toEqual([]);
  });
});
