// The share page in Chromium against a real Ferry when things go wrong or take time: a failed status check, a
// failed file, closing the tab mid-upload, a visitor who opens the link before the files are there; and the
// progress of an upload: its total, its files in the order chosen, the moment all are ready.
// A failure is made by Playwright's page.route() failing one real request at the network level: the server is real.
// Files go as one multipart request each here (tus off, as on a Plik server); through tus, see resumable.test.ts.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, screenshot, startStreamUpload, textFile, Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();

beforeAll(async () => {
  [ferry] = await Promise.all([startTestFerry({ TusEnabled: false }), visitors.launch()]);
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

const newVisitor = () => visitors.visitor();

interface Created {
  id: string;
  uploadToken: string;
  files: Array<{ id: string; fileName: string }>;
}

/** An upload made by a script, its files still missing: what a visitor finds who opens the link early. */
async function createUpload(names: string[]): Promise<Created> {
  const response = await fetch(`${ferry.url}/upload`, {
    method: 'POST',
    body: JSON.stringify({ files: names.map((fileName, index) => ({ fileName, fileSize: 5, reference: String(index) })) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Created;
}

async function sendFile(upload: Created, index: number, content = 'hello') {
  const file = upload.files[index]!;
  const form = new FormData();
  form.append('file', new Blob([content]), file.fileName);
  const response = await fetch(`${ferry.url}/file/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`, {
    method: 'POST',
    headers: { 'X-UploadToken': upload.uploadToken },
    body: form,
  });
  expect(response.status).toBe(200);
}

describe('a visitor who opens the link early', () => {
  it('sees the files arrive without reloading, and the page says when all are ready', async () => {
    const upload = await createUpload(['early.txt', 'late.txt']);
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/d?id=${upload.id}`);
    await page.locator('.status', { hasText: 'waiting for its upload' }).nth(1).waitFor();
    await sendFile(upload, 0);
    await page.locator('.status', { hasText: /^ready$/ }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'All files are ready' }).count()).toBe(0);
    await sendFile(upload, 1);
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(1)
      .waitFor({ timeout: 15_000 });
    const ready = page.getByRole('heading', { name: 'All files are ready' });
    await ready.waitFor();
    expect(await ready.evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  }, 40_000);

  it('does not ask while the tab is hidden, and asks at once when it shows again', async () => {
    const upload = await createUpload(['hidden.txt']);
    const { page } = await newVisitor();
    // The test stands in for the browser's visibility: a headless tab is never hidden by itself.
    await page.addInitScript(() => {
      Object.defineProperty(document, 'hidden', { get: () => (window as { testHidden?: boolean }).testHidden ?? true });
    });
    let checks = 0;
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/upload/${upload.id}`) checks++;
    });
    await page.goto(`${ferry.url}/d?id=${upload.id}`);
    await page.locator('.status', { hasText: 'waiting for its upload' }).waitFor();
    await sendFile(upload, 0);
    await page.waitForTimeout(5000);
    expect(checks).toBe(1);
    expect(await page.locator('.status').textContent()).toBe('waiting for its upload');
    await page.evaluate(() => {
      (window as { testHidden?: boolean }).testHidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.locator('.status', { hasText: /^ready$/ }).waitFor({ timeout: 1500 });
  }, 40_000);
});

describe('a failed status check', () => {
  it('keeps the page and its link, and says so inline with a Retry', async () => {
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    await chooseFiles(page, [textFile('later.txt', 'later')]);
    // The file is held back; the check made when it is done breaks off, until Retry.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/file/**', async (route) => {
      await held;
      await route.continue();
    });
    let failing = false;
    await page.route('**/upload/*', (route) => (failing && route.request().method() === 'GET' ? route.abort('failed') : route.continue()));
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page.getByRole('progressbar', { name: 'Upload of later.txt' }).waitFor();
    failing = true;
    release();

    const alert = page.getByRole('alert').filter({ hasText: "Could not check the upload's status" });
    await alert.waitFor();
    await screenshot(page, 'share-check-failed');
    expect(await page.getByLabel('Link to this page', { exact: true }).inputValue()).toBe(page.url());
    expect(await page.locator('.file-name', { hasText: 'later.txt' }).count()).toBe(1);
    failing = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    expect(await alert.count()).toBe(0);
  }, 40_000);

  it('opens the page by itself once Ferry answers, when the first check failed', async () => {
    const upload = await createUpload(['first.txt']);
    const { page } = await newVisitor();
    let failing = true;
    await page.route(`**/upload/${upload.id}`, (route) => (failing ? route.abort('failed') : route.continue()));
    await page.goto(`${ferry.url}/d?id=${upload.id}`);
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
    failing = false;
    await page.locator('.file-name', { hasText: 'first.txt' }).waitFor({ timeout: 15_000 });
  }, 40_000);

  it('recovers by itself when Ferry answers again', async () => {
    const upload = await createUpload(['auto.txt']);
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/d?id=${upload.id}`);
    await page.locator('.status', { hasText: 'waiting for its upload' }).waitFor();
    let failing = true;
    await page.route(`**/upload/${upload.id}`, (route) => (failing ? route.abort('failed') : route.continue()));
    const alert = page.getByRole('alert').filter({ hasText: "Could not check the upload's status" });
    await alert.waitFor({ timeout: 15_000 });
    failing = false;
    await sendFile(upload, 0);
    await page.locator('.status', { hasText: /^ready$/ }).waitFor({ timeout: 20_000 });
    expect(await alert.count()).toBe(0);
  }, 40_000);
});

describe('a failed file', () => {
  it('has a Retry after Ferry got half of it: the file went back to missing and takes the new attempt', async () => {
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    const content = randomBytes(100_000);
    await chooseFiles(page, [{ name: 'half.bin', mimeType: 'application/octet-stream', buffer: content }]);
    // The first POST reaches Ferry with its body cut in the middle; the retry goes through whole.
    let attempts = 0;
    await page.route('**/file/**', (route) => {
      const body = route.request().postDataBuffer();
      if (route.request().method() !== 'POST' || attempts++ > 0 || !body) return route.continue();
      return route.continue({ postData: body.subarray(0, body.length >> 1) });
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    // Ferry's own answer: the cut body reached it.
    await page
      .getByRole('alert')
      .getByText(/Upload of half\.bin failed: .*the request ended before the file did/)
      .waitFor();
    await screenshot(page, 'share-file-failed');
    const id = new URL(page.url()).searchParams.get('id')!;
    const before = (await (await fetch(`${ferry.url}/upload/${id}`)).json()) as { files: Array<{ id: string; status: string }> };
    expect(before.files.map((file) => file.status)).toEqual(['missing']);
    // Ferry counts it empty again; the page still says how big it is.
    await page.locator('.file-meta', { hasText: '100 kB' }).waitFor();
    await page.getByRole('button', { name: 'Retry the upload of half.bin' }).click();
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    const bytes = Buffer.from(await (await fetch(`${ferry.url}/file/${id}/${before.files[0]!.id}/half.bin`)).arrayBuffer());
    expect(bytes.equals(content)).toBe(true);
    expect(attempts).toBe(2);
  });

  it('has a Retry that sends it again to the same file id', async () => {
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    await chooseFiles(page, [textFile('flaky.txt', 'second time lucky')]);
    // The first POST of the file breaks off; the retry goes through to Ferry.
    let failures = 0;
    await page.route('**/file/**', (route) =>
      route.request().method() === 'POST' && failures++ === 0 ? route.abort('failed') : route.continue(),
    );
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page.getByRole('alert').getByText('Upload of flaky.txt failed').waitFor();
    await page.getByRole('button', { name: 'Retry the upload of flaky.txt' }).click();
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    const id = new URL(page.url()).searchParams.get('id')!;
    const stored = (await (await fetch(`${ferry.url}/upload/${id}`)).json()) as { files: Array<{ id: string; status: string }> };
    expect(stored.files.map((file) => file.status)).toEqual(['uploaded']);
    const file = stored.files[0]!;
    expect(await (await fetch(`${ferry.url}/file/${id}/${file.id}/flaky.txt`)).text()).toBe('second time lucky');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

/**
 * A visitor's page on the share page of a stream upload of live.txt ("streamed", 8 bytes): it sends until someone
 * downloads it, so its transfer stays open as long as a test needs.
 */
async function streamUploadStarted() {
  const { page } = await newVisitor();
  await startStreamUpload(page, `${ferry.url}/`);
  return page;
}

describe('closing the tab mid-upload', () => {
  it('asks first while a file is sending, and not once it is done', async () => {
    const page = await streamUploadStarted();
    await page.getByRole('progressbar', { name: 'Upload of live.txt' }).waitFor();

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs, { timeout: 5000 }).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    await page.getByRole('button', { name: 'Cancel the upload of live.txt' }).click();
    await page.getByText('Cancelled').waitFor();
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed(), { timeout: 5000 }).toBe(true);
    expect(dialogs).toEqual(['beforeunload']);
  });
});

describe('progress', () => {
  it('counts the bytes of a file sent, not the multipart body around them', async () => {
    // The request stays open once its body is sent: the count stays at its end.
    const page = await streamUploadStarted();
    const progress = page.locator('.file .transfer-text', { hasText: '100%' });
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/^100% · 8 B of 8 B/);
    await page.getByRole('button', { name: 'Cancel the upload of live.txt' }).click();
    await page.getByText('Cancelled').waitFor();
  });

  it('lists the files in the order chosen, shows a total bar, and focuses "All files are ready" at the end', async () => {
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    // Eight names: the chance that random ids sort them as chosen is 1 in 40,320.
    const names = ['h.txt', 'g.txt', 'f.txt', 'e.txt', 'd.txt', 'c.txt', 'b.txt', 'a.txt'];
    await chooseFiles(
      page,
      names.map((name) => textFile(name, `content of ${name}`)),
    );
    // The last file is held back until the test has seen the total bar mid-way.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/file/**/a.txt', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/d\?id=/);
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(names.length - 2)
      .waitFor();
    const total = page.getByRole('progressbar', { name: 'Upload of all files' });
    await total.waitFor();
    expect(Number(await total.getAttribute('value'))).toBeLessThan(100);
    expect(await page.getByRole('heading', { name: 'All files are ready' }).count()).toBe(0);
    await screenshot(page, 'share-total-progress');
    release();
    const ready = page.getByRole('heading', { name: 'All files are ready' });
    await ready.waitFor();
    expect(await ready.evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect(await page.getByRole('progressbar', { name: 'Upload of all files' }).count()).toBe(0);
    expect(await page.locator('.file .file-name').allTextContents()).toEqual(names);
    await page.reload();
    await page
      .locator('.status', { hasText: /^ready$/ })
      .nth(names.length - 1)
      .waitFor();
    expect(await page.locator('.file .file-name').allTextContents()).toEqual(names);
    // Opened once all are there: nothing to announce.
    expect(await ready.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
