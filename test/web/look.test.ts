// How the page looks in Chromium against a real Ferry: the header stays one line on a phone.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Visitors } from '../helpers/chromium.js';
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
    const boxes = [...header.querySelectorAll('a, button, select')].filter((e) => e.checkVisibility()).map((e) => e.getBoundingClientRect());
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
