// Pages for people: a browser (Accept: text/html) that meets a failure gets a page in the app's look with the same
// status, and a protected file's password form instead of Basic auth's dialog; clients keep Plik's plain answers.
import { DEFAULT_BRANDING } from '../../src/config/branding.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorPages } from '../../src/http/error-page.js';
import { ENGLISH } from '../../src/i18n/languages.js';
import { pageLanguageOf } from '../../src/http/page-language.js';
import { PageRenderer } from '../../src/http/page-renderer.js';
import { webAppBuilt } from '../../src/http/routes/web.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, rawMultipart, type FileJson, type UploadJson } from '../helpers/plik-client.js';

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const HOSTILE = "<img src=x onerror=alert(1)>'&.txt";
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&#39;&amp;.txt';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The form's action, as a browser reads it from the page. */
const formAction = (html: string) => /<form method="post" action="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

function expectPage(answer: { headers: Headers; body: string }) {
  expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  const csp = answer.headers.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(answer.body).not.toMatch(/<script|<style|style=/);
  if (webAppBuilt()) expect(answer.body).toMatch(/<link rel="stylesheet" href="\/assets\/index-[\w-]+\.css">/);
}

describe('an unknown path', () => {
  it('is a 404 page for a browser, and the plain 404 it always was for anyone else', async () => {
    const page = await get(`${ferry.url}/no/such/page`, BROWSER);
    expect(page.status).toBe(404);
    expectPage(page);
    expect(page.body).toContain('<h1>Nothing to download here</h1>');
    expect(page.body).toContain('ask whoever sent it for a new one');
    for (const headers of [{}, { Accept: '*/*' }] as Array<Record<string, string>>) {
      const plain = await get(`${ferry.url}/no/such/page`, headers);
      expect(plain.status).toBe(404);
      expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(plain.body).toBe('404 page not found\n');
    }
    const json = await get(`${ferry.url}/no/such/page`, { Accept: 'application/json' });
    expect(JSON.parse(json.body)).toEqual({ message: '404 page not found', status: 404 });
  });

  it.runIf(webAppBuilt())('links the stylesheet the web app itself uses', async () => {
    const page = await get(`${ferry.url}/nothing`, BROWSER);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)![1]!;
    const app = await get(`${ferry.url}/`, BROWSER);
    expect(app.body).toContain(`href=".${href}"`);
    const css = await get(`${ferry.url}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('a spent oneShot link', () => {
  it('tells a browser it has been used, escaping the name the message holds; a client gets the same 404 text as before', async () => {
    const upload = await createUpload(ferry.url, { oneShot: true });
    const { body, headers } = rawMultipart(HOSTILE, 'once');
    const added = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    const file = (await added.json()) as FileJson;
    const url = fileUrl(ferry.url, upload, file);
    expect((await get(url)).body).toBe('once');

    const page = await get(url, BROWSER);
    expect(page.status).toBe(404);
    expectPage(page);
    expect(page.body).toContain('one-time link');
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain(ESCAPED);
    const plain = await get(url, { Accept: '*/*' });
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    // Removed once downloaded, deleted with its upload soon after: either may be the case by now.
    expect([
      `file ${HOSTILE} (${file.id}) is not available : removed\n`,
      `file ${HOSTILE} (${file.id}) is not available : deleted\n`,
    ]).toContain(plain.body);
  });
});

describe('a password-protected file', () => {
  let upload: UploadJson;
  let file: FileJson;
  beforeAll(async () => {
    upload = await createUpload(ferry.url, { login: 'plik', password: 'open sesame' });
    file = await addFile(ferry.url, upload, 'the plans', 'plans.txt', 'text/plain');
    await addFile(ferry.url, upload, 'more plans', 'more.txt', 'text/plain');
  });

  it("shows a browser the password form, without the header that opens the browser's own dialog, and the form gets the file", async () => {
    const page = await get(fileUrl(ferry.url, upload, file), BROWSER);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toBeNull();
    expectPage(page);
    expect(page.body).toContain('<h1>Password required</h1>');
    expect(page.body).not.toContain('plans');
    const action = formAction(page.body)!;
    expect(action).toBe(`/d?id=${file.id}`);

    const wrong = await fetch(`${ferry.url}${action}`, {
      method: 'POST',
      headers: BROWSER,
      body: new URLSearchParams({ password: 'wrong' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong password.');
    const right = await fetch(`${ferry.url}${action}`, {
      method: 'POST',
      headers: BROWSER,
      body: new URLSearchParams({ password: 'open sesame' }),
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toBe('the plans');
  });

  it("gives a zip's form the upload's page, which answers every file", async () => {
    const page = await get(`${ferry.url}/archive/${upload.id}/all.zip`, BROWSER);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toBeNull();
    expect(formAction(page.body)).toBe(`/d?id=${upload.id}`);
  });

  it('keeps Basic auth and the plain answer for clients and scripts', async () => {
    for (const headers of [{}, { Accept: '*/*' }] as Array<Record<string, string>>) {
      const plain = await get(fileUrl(ferry.url, upload, file), headers);
      expect(plain.status).toBe(401);
      expect(plain.headers.get('www-authenticate')).toBe('Basic realm="ferry"');
      expect(plain.body).toBe('please provide valid credentials to access this upload : missing Authorization header\n');
    }
    const json = await get(fileUrl(ferry.url, upload, file), { Accept: 'application/json' });
    expect(json.headers.get('www-authenticate')).toBe('Basic realm="ferry"');
    expect(JSON.parse(json.body).status).toBe(401);
  });
});

describe('a refusal to be tried again later (429, 503)', () => {
  it('says how long to wait, where the page would otherwise give its general advice', () => {
    const pages = new ErrorPages(new PageRenderer('', 'assets/', DEFAULT_BRANDING, ''));
    const english = pageLanguageOf(ENGLISH);
    const html = pages.error(429, 'too many wrong passwords, retry in 42s', english, 42);
    expect(html).toContain('<h1>Too many attempts</h1>');
    expect(html).toContain('Wait 42 s, then try again.');
    expect(html).toContain('Error 429: too many wrong passwords, retry in 42s');
    expect(pages.error(503, 'busy', english)).toContain('Something went wrong on the server');
  });
});

describe('a link-encrypted, password-protected file', () => {
  it("keeps the link's key in the form, so that the file comes decrypted", async () => {
    const upload = (await createUpload(ferry.url, { password: 'pw', encryption: 'link' })) as UploadJson & { downloadKey: string };
    const key = `?key=${upload.downloadKey}`;
    const { body, headers } = rawMultipart('sealed.txt', 'sealed content');
    const added = await fetch(`${ferry.url}/file/${upload.id}${key}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    const file = (await added.json()) as FileJson;
    const page = await get(`${fileUrl(ferry.url, upload, file)}${key}`, BROWSER);
    const action = formAction(page.body)!;
    expect(action).toBe(`/d?id=${file.id}&key=${upload.downloadKey}`);
    const right = await fetch(`${ferry.url}${action}`, { method: 'POST', body: new URLSearchParams({ password: 'pw' }) });
    expect(await right.text()).toBe('sealed content');
  });
});

describe('under a Path prefix', () => {
  let prefixed: TestFerry;
  beforeAll(async () => {
    prefixed = await startTestFerry({ Path: '/ferry' });
  });
  afterAll(() => prefixed.close());

  it("links the home page, the stylesheet and the form's /d page under it", async () => {
    // Its url ends with the prefix.
    const missing = await get(`${prefixed.url}/nothing`, BROWSER);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('href="/ferry/"');
    if (webAppBuilt()) expect(missing.body).toMatch(/href="\/ferry\/assets\/index-[\w-]+\.css"/);
    const upload = await createUpload(prefixed.url, { password: 'pw' });
    const file = await addFile(prefixed.url, upload, 'x', 'x.txt');
    const page = await get(fileUrl(prefixed.url, upload, file), BROWSER);
    expect(formAction(page.body)).toBe(`/ferry/d?id=${file.id}`);
  });
});
