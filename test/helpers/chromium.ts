// Debian's Chromium driven by playwright-core, for tests of the web page against a real Ferry.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WEB_ROOT } from '../../src/http/routes/web.js';
import { startTestFerry, type TestFerry } from './ferry.js';

const EXECUTABLE = '/usr/bin/chromium';

// Without the background-networking flags Chromium tries to reach Google's services, which this closed
// network refuses. playwright-core gives each launch a fresh temporary profile (its --user-data-dir).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE))
    throw new Error(`the web tests need Chromium at ${EXECUTABLE}: apt-get install chromium (bash .ci/run does)`);
  if (!existsSync(path.join(WEB_ROOT, 'index.html')))
    throw new Error('the web tests need the built page: npm run build:web (npm test does)');
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
}

/**
 * A page that records script errors and console errors, CSP violations among them. Chromium also logs every
 * HTTP error status as a console error; those are the API's answers that tests provoke, so they are left out.
 */
export async function openPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded'))
      errors.push(message.text());
  });
  return { page, errors };
}

/**
 * A screenshot of the whole page. `npm run screenshots` keeps them in docs/screenshots (FERRY_SCREENSHOTS);
 * other runs take them all the same, so that every page is rendered, into a temporary folder.
 */
let folder: Promise<string> | undefined;
export async function screenshot(page: Page, name: string): Promise<void> {
  folder ??= process.env.FERRY_SCREENSHOTS
    ? mkdir(process.env.FERRY_SCREENSHOTS, { recursive: true }).then(() => process.env.FERRY_SCREENSHOTS!)
    : mkdtemp(path.join(os.tmpdir(), 'ferry-screenshots-'));
  await page.screenshot({ path: path.join(await folder, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

/**
 * The browser of a test file and the visitors it opens: each visitor a context of its own (a fresh profile, nothing
 * of another's storage or cookies), closed after each test.
 */
export class Visitors {
  private browser: Browser | undefined;
  private readonly open: BrowserContext[] = [];

  async launch(): Promise<void> {
    this.browser = await launchChromium();
  }

  async visitor(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await this.browser!.newContext({ viewport: { width: 1100, height: 800 }, ...options });
    this.open.push(context);
    // Well within a test's own timeout, so that a failure names the step that waited in vain.
    context.setDefaultTimeout(10_000);
    return openPage(context);
  }

  async closeVisitors(): Promise<void> {
    await Promise.all(this.open.splice(0).map((context) => context.close()));
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }
}

/**
 * A web test file's set-up: a Ferry and Chromium started before its tests, each test's visitors closed after it,
 * both closed at the end. `ferry` is there once the tests run.
 */
export function ferryInChromium(options: Record<string, unknown> = {}): { readonly ferry: TestFerry; visitors: Visitors } {
  let ferry: TestFerry | undefined;
  const visitors = new Visitors();
  beforeAll(async () => {
    [ferry] = await Promise.all([startTestFerry(options), visitors.launch()]);
  });
  afterEach(() => visitors.closeVisitors());
  afterAll(async () => {
    await visitors.close();
    await ferry?.close();
  });
  return {
    get ferry() {
      if (!ferry) throw new Error('Ferry is not started yet: use it inside a test');
      return ferry;
    },
    visitors,
  };
}

/** A text file to choose in the upload page. */
export const textFile = (name: string, content: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });

/** Picks files in the upload page's file chooser, behind its button (named `button`, in the page's language). */
export async function chooseFiles(
  page: Page,
  files: Array<{ name: string; mimeType: string; buffer: Buffer }>,
  button = 'Choose files',
): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(files);
}

/** Opens the upload page's "More options", where everything but the files is chosen. */
export async function openOptions(page: Page): Promise<void> {
  await page.locator('summary', { hasText: 'More options' }).click();
}

/** Sends live.txt in stream mode from the upload page at `home`, and waits for the share page that follows. */
export async function startStreamUpload(page: Page, home: string): Promise<void> {
  await page.goto(home);
  await chooseFiles(page, [textFile('live.txt', 'streamed')]);
  await openOptions(page);
  await page.getByLabel('Stream').check();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL(/\/d\?id=/);
}

/** Answers a protected upload's password prompt. */
export async function enterPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Open' }).click();
}
