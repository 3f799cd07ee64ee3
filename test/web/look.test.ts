// How the page looks in Chromium against a real Ferry: the header stays one line on a phone, and every piece of
// text, in the light and the dark theme, has a contrast of at least 7:1 (WCAG AAA) against what is behind it, as
// worked out from the rendered page's computed styles.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, enterPassword, openOptions, Visitors } from '../helpers/chromium.js';
import { type LowContrast, lowContrast } from '../helpers/contrast.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();
const LONG_LOGIN = 'administrator-of-this-ferry';

beforeAll(async () => {
  [ferry] = await Promise.all([startTestFerry({ FeatureAuthentication: 'enabled' }), visitors.launch()]);
  await ferry.services.users.create({ provider: 'local', login: LONG_LOGIN, password: 'admin-password', name: 'Ada', isAdmin: true });
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

async function signIn(page: Page) {
  await page.goto(`${ferry.url}/login`);
  await page.getByLabel('Login').fill(LONG_LOGIN);
  await page.getByLabel('Password').fill('admin-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${ferry.url}/account`);
}

/** How many lines the header's visible pieces take: boxes that share no height start a new line. */
const headerLines = (page: Page) =>
  page.locator('.site-header').evaluate((header) => {
    const boxes = [...header.querySelectorAll('a, button, select')]
      .filter((e) => e.checkVisibility())
      .map((e) => e.getBoundingClientRect());
    boxes.sort((a, b) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom) lines++;
      bottom = Math.max(bottom, box.bottom);
    }
    return lines;
  });

describe('the header', () => {
  it('stays one line on a 360 px phone, signed in as an admin with a long login, its links behind Menu', async () => {
    const { page, errors } = await visitors.visitor({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page);
    expect(await headerLines(page)).toBe(1);
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).isVisible()).toBe(false);

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Theme').waitFor();
    // Escape closes it and gives the focus back to Menu.
    await page.getByRole('link', { name: 'Upload' }).focus();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);
    // Following a link closes it.
    await menu.click();
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.waitForURL(`${ferry.url}/admin`);
    expect(await headerLines(page)).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('shows its links without a menu on a wider screen, still one line', async () => {
    const { page } = await visitors.visitor({ viewport: { width: 700, height: 800 } });
    await signIn(page);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.getByRole('link', { name: 'Admin', exact: true }).waitFor();
    expect(await headerLines(page)).toBe(1);
  });
});

describe('contrast', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`is at least 7:1 for every text in the ${theme} theme: upload form, share page, password prompt, header menu`, async () => {
      const { page, errors } = await visitors.visitor({ colorScheme: theme, viewport: { width: 1000, height: 800 } });
      const seen: Record<string, LowContrast[]> = {};
      const look = async (state: string) => {
        seen[state] = await lowContrast(page, 7);
      };

      await page.goto(`${ferry.url}/`);
      await look('empty upload form');
      await chooseFiles(page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') }]);
      await page.getByText('Paste text as a file').click();
      await openOptions(page);
      await page.getByLabel('Comments (Markdown)').fill('**Notes** with a [link](https://example.com)');
      await page.getByText('Preview').click();
      await page.getByLabel('Password (optional)').fill('sesame');
      await look('upload form with a file and the options open');

      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      // Not "The file is ready": that shows only when the page saw the file still on its way, which a fast upload skips.
      await page.locator('.status', { hasText: /^ready$/ }).waitFor();
      await look('share page');
      const shareUrl = page.url();

      const visitor = await visitors.visitor({ colorScheme: theme });
      await visitor.page.goto(shareUrl);
      await enterPassword(visitor.page, 'wrong');
      await visitor.page.getByRole('alert').getByText('Wrong password.').waitFor();
      await visitor.page.locator('summary', { hasText: 'I was given a login too' }).click();
      seen['password prompt with its error'] = await lowContrast(visitor.page, 7);

      await page.setViewportSize({ width: 360, height: 740 });
      await page.getByRole('button', { name: 'Menu' }).click();
      await look('header menu on a phone');
      await page.goto(`${ferry.url}/d?id=doesnotexist`);
      await page.getByRole('heading', { name: 'Upload not found' }).waitFor();
      await look('not found');

      expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((state) => [state, []])));
      expect(errors).toEqual([]);
    });
  }

  it('would see low contrast: a grey on white is found', async () => {
    const { page } = await visitors.visitor({ colorScheme: 'light' });
    await page.goto(`${ferry.url}/`);
    // The app draws its hints after the page loads: recoloured before, there would be nothing to find.
    await page.locator('.hint').first().waitFor();
    await page.evaluate(() =>
      document.querySelectorAll<HTMLElement>('.hint').forEach((hint) => {
        hint.style.color = '#777';
      }),
    );
    const found = await lowContrast(page, 7);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ color: 'rgb(119, 119, 119)' });
  });
});
