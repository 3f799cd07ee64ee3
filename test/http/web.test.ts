// How Ferry serves its web page: index.html at the page paths under a strict CSP, hashed assets cached for good,
// and the API's own paths untouched (JSON for scripts, no page CSP), also under a Path prefix.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/routes/web.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
let prefixed: TestFerry;

beforeAll(async () => {
  [ferry, prefixed] = await Promise.all([startTestFerry(), startTestFerry({ Path: '/ferry' })]);
});
afterAll(async () => {
  await Promise.all([ferry?.close(), prefixed?.close()]);
});

/** Reads every body to the end: a response left half-read would hold its connection, and Ferry's close, open. */
async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the web page', () => {
  it('answers index.html at each page path, with a CSP that allows nothing but Ferry itself', async () => {
    for (const page of ['/', '/d?id=abc', '/login', '/account', '/admin']) {
      const response = await get(`${ferry.url}${page}`, { Accept: 'text/html' });
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.body).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    }
  });

  it('serves the hashed assets for a year, and nothing outside them', async () => {
    const assets = await readdir(path.join(WEB_ROOT, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'))!;
    const response = await get(`${ferry.url}/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect((await get(`${ferry.url}/assets/nothing-here.js`)).status).toBe(404);
    expect((await get(`${ferry.url}/assets/..%2Findex.html`)).status).toBe(404);
    expect((await get(`${ferry.url}/index.html`)).status).toBe(404);
  });

  it('leaves the API alone: its paths answer JSON to scripts and browsers, without the page CSP', async () => {
    const created = await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}' })).json();
    for (const accept of ['*/*', 'text/html']) {
      const response = await get(`${ferry.url}/upload/${created.id}`, { Accept: accept });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-security-policy')).toBeNull();
      expect(JSON.parse(response.body).id).toBe(created.id);
    }
    const config = await get(`${ferry.url}/config`, { Accept: 'text/html' });
    expect(config.headers.get('content-type')).toMatch(/^application\/json/);
    // The quick upload for curl is POST /, beside the page's GET /.
    const form = new FormData();
    form.append('file', new Blob(['quick']), 'quick.txt');
    const quick = await fetch(`${ferry.url}/`, { method: 'POST', body: form });
    expect(await quick.text()).toMatch(/\/file\/\w+\/\w+\/quick\.txt\n$/);
  });

  it('loads whatever stale session cookie the browser holds', async () => {
    const response = await get(`${ferry.url}/account`, { Cookie: 'plik-session=long-gone; plik-xsrf=long-gone' });
    expect(response.status).toBe(200);
  });

  it('works under a Path prefix: the page at /ferry/, its assets beside it', async () => {
    const bare = await get(prefixed.url);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/ferry/');
    const page = await get(`${prefixed.url}/`);
    expect(page.status).toBe(200);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)![1];
    expect((await get(`${prefixed.url}/${script}`)).status).toBe(200);
    expect((await get(`${prefixed.url}/d?id=x`)).status).toBe(200);
  });
});
