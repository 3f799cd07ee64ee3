// The upload flow with the keyboard alone, in Chromium: Tab to the file picker, Enter, the files chosen, Tab to
// Upload, Enter; and the progress a screen reader hears (the live region), not each byte of it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';

const web = ferryInChromium();

/** Presses Tab until the focus is on the control of that role and name; fails past `most` presses. */
async function tabTo(page: Page, role: 'button' | 'link', name: string, most = 40): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return { tag: element?.tagName.toLowerCase(), text: element?.textContent?.trim() };
    });
    if (focused.tag === (role === 'button' ? 'button' : 'a') && focused.text === name) return presses;
  }
  throw new Error(`no ${role} "${name}" within ${most} Tab presses`);
}

describe('the keyboard alone', () => {
  it('uploads: Tab to "Choose files", Enter, Tab to "Upload", Enter, and the share page says the file is ready', async () => {
    const { page, errors } = await web.visitors.visitor();
    await page.goto(`${web.ferry.url}/`);
    await page.getByRole('heading', { name: 'Share files' }).waitFor();
    // The first Tab reaches "Skip to content", which leads past the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Listening before the Tabs: Playwright turns on the file chooser's interception with a round trip to Chromium,
    // which on a loaded machine can still be on its way when Enter is pressed right after (seen once: no event in 10 s).
    const chosen = page.waitForEvent('filechooser', { timeout: 30_000 });
    await tabTo(page, 'button', 'Choose files');
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    await chooser.setFiles({ name: 'typed.txt', mimeType: 'text/plain', buffer: Buffer.from('no mouse was harmed') });
    await page.getByText('typed.txt').waitFor();
    await tabTo(page, 'button', 'Upload');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/d\?id=/);
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it("tells a screen reader the upload's progress by tenths, in a polite live region", async () => {
    const { page, errors } = await web.visitors.visitor();
    // About 2 s for the file: long enough to hear it go.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    await page.goto(`${web.ferry.url}/`);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose files' }).click()]);
    await chooser.setFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1024 * 1024, 7) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const live = page.locator('.transfer [aria-live="polite"]');
    await live.waitFor({ state: 'attached' });
    const heard = new Set<string>();
    while ((await live.count()) > 0) {
      const text = await live.textContent().catch(() => null);
      if (text) heard.add(text);
      await page.waitForTimeout(100);
    }
    const percents = [...heard].map((text) => Number(/^big\.bin: (\d+)% sent$/.exec(text)?.[1] ?? Number.NaN));
    expect(
      percents.every((percent) => percent % 10 === 0),
      [...heard].join(', '),
    ).toBe(true);
    expect(percents.length).toBeGreaterThanOrEqual(3);
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
