// Security headers on every response, and uploads that can never run as script from Ferry's origin: names and
// comments stay data (JSON, quoted headers), and HTML, SVG, XML or script content is never served as such.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT, webAppBuilt } from '../../src/http/routes/web.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, rawMultipart, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { finding, tally } from './tally.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ CleanupInterval: 3600 });
});
afterAll(() => ferry.close());

const SCRIPT = '<script>alert(document.domain)</script>';
/** Types a browser would run or render as a document, in the spellings a client may send. */
const DANGEROUS_TYPES = [
  'text/html',
  'TEXT/HTML',
  'text/html; charset=utf-8',
  'text/html;charset=utf-16',
  'application/xhtml+xml',
  'image/svg+xml',
  'image/svg+xml; charset=utf-8',
  'IMAGE/SVG+XML',
  'text/xml',
  'application/xml',
  'application/rss+xml',
  'text/xsl',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'application/pdf',
  'application/x-shockwave-flash',
  'multipart/x-mixed-replace; boundary=x',
  'text/html ',
  ' text/html',
  'text/html\t',
  'text/plain, text/html',
  'text/vnd.wap.wml',
  'application/octet-stream',
  '',
  'x',
  '*/*',
];
const DANGEROUS_NAMES = [
  'page.html',
  'page.htm',
  'PAGE.HTML',
  'image.svg',
  'doc.xhtml',
  'feed.xml',
  'app.js',
  'app.mjs',
  'doc.pdf',
  'x.shtml',
  'noext',
  '.html',
];

/** A served Content-Type a browser would render as a document or run: only the plain-text or bytes forms are safe. */
const rendersAsDocument = (type: string | null) => /html|svg|xml|xsl|javascript|ecmascript|pdf|flash|multipart/i.test(type ?? '');
/** What may be shown inline: images but SVG, audio, video, plain text. Everything else is served as bytes to save. */
const SHOWN_INLINE = /^(image\/(?!svg)|audio\/|video\/|text\/plain\s*(;|$))/i;
const INLINE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'audio/mpeg', 'video/mp4', 'text/plain', 'text/plain; charset=utf-8'];
/** Types browsers run as script or render, many of them on no deny-list, and types with no reason to be shown. */
const SAVED_TYPES = [
  'text/jscript',
  'text/livescript',
  'text/vbscript',
  'text/x-javascript',
  'text/javascript1.5',
  'application/x-javascript',
  'text/x-ecmascript',
  'text/css',
  'text/markdown',
  'text/csv',
  'text/cache-manifest',
  'text/vtt',
  'application/json',
  'application/wasm',
  'application/zip',
  'application/x-msdownload',
  'application/pdf',
  'text/html',
  'image/svg+xml',
  'video/xml',
  'model/vrml',
  'font/woff2',
];

async function send(upload: UploadJson, name: string, type: string, content: string): Promise<FileJson | undefined> {
  const { body, headers } = rawMultipart(name, content);
  // rawMultipart sends no part Content-Type; add one unless the type is to be guessed from the name.
  const typed = type === '' ? body : body.replace('\r\n\r\n', `\r\nContent-Type: ${type}\r\n\r\n`);
  const response = await fetch(`${ferry.url}/file/${upload.id}`, {
    method: 'POST',
    body: typed,
    headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
  });
  const text = await response.text();
  if (response.status !== 200) {
    // A name or type Ferry refuses is refused as the client's mistake.
    expect(response.status, text).toBe(400);
    return undefined;
  }
  return JSON.parse(text) as FileJson;
}

function expectBaseHeaders(response: Response, what: string): void {
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  const framing = response.headers.get('x-frame-options') ?? '';
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(framing === 'DENY' || /frame-ancestors 'none'/.test(csp), `${what}: framing allowed`).toBe(true);
  expect(response.headers.get('referrer-policy'), what).toMatch(/^(no-referrer|same-origin|strict-origin)/);
  // A page (anything a browser renders as HTML) always comes with a Content-Security-Policy.
  if (/html/i.test(response.headers.get('content-type') ?? '')) expect(csp, `${what}: HTML without CSP`).not.toBe('');
}

describe('security headers', () => {
  it('are on every kind of response: API, errors, downloads, archives, images, pages', async () => {
    const upload = await createUpload(ferry.url, { comments: SCRIPT });
    const file = await send(upload, 'a.txt', 'text/plain', 'hello');
    const requests: [string, RequestInit?][] = [
      ['/health'],
      ['/version'],
      ['/config'],
      ['/upload', { method: 'POST', body: '{}' }],
      [`/upload/${upload.id}`],
      ['/upload/doesnotexist0000'],
      ['/no/such/route'],
      ['/upload', { method: 'POST', body: '{' }],
      [fileUrl('', upload, file!)],
      [fileUrl('', upload, file!), { method: 'HEAD' }],
      [`${fileUrl('', upload, file!)}?dl=1`],
      [`/archive/${upload.id}/all.zip`],
      ['/qrcode?url=http%3A%2F%2Fx'],
      ['/qrcode'],
      ['/'],
      ['/d'],
      ['/me'],
      ['/auth/logout'],
      [`/file/${upload.id}`, { method: 'POST', body: 'x' }],
      [`/upload/${upload.id}`, { method: 'PUT' }],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(`${ferry.url}${path}`, { redirect: 'manual', ...init });
      await response.arrayBuffer();
      expectBaseHeaders(response, `${init?.method ?? 'GET'} ${path} (${response.status})`);
    }
  });
});

describe('what an uploader writes never runs as script', () => {
  it('keeps comments and file names as JSON data, and download names inside a quoted, encoded header', async () => {
    // No slash (the parser keeps a name's last path segment, as Plik does) and no double quote (it ends the field).
    const name = `'><img src=x onerror=alert(1)><svg onload=alert(1)>.txt`;
    const upload = await createUpload(ferry.url, { comments: SCRIPT });
    const file = await send(upload, name, 'text/plain', SCRIPT);
    expect(file?.fileName).toBe(name);
    const info = await fetch(`${ferry.url}/upload/${upload.id}`);
    expect(info.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await info.json()) as UploadJson).comments).toBe(SCRIPT);
    const download = await fetch(fileUrl(ferry.url, upload, file!));
    expect(download.headers.get('content-type')).toBe('text/plain');
    expect(download.headers.get('content-security-policy')).toMatch(/sandbox/);
    // The name is one quoted string (quotes and backslashes escaped), optionally followed by its encoded filename*:
    // nothing of it leaks out into another parameter or header.
    const disposition = download.headers.get('content-disposition')!;
    const quoted = /^inline; filename="((?:[^"\\]|\\.)*)"(?:; filename\*=UTF-8''[^"\s;]+)?$/.exec(disposition);
    expect(quoted, disposition).not.toBeNull();
    expect(quoted![1]!.replace(/\\(.)/g, '$1')).toBe(name);
  });

  it('serves HTML, SVG, XML, script and PDF uploads as bytes under a sandbox, never as a document', async (context) => {
    const upload = await createUpload(ferry.url);
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...DANGEROUS_TYPES),
          fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\x00-\x1f\x7f]/g, '')),
        ),
        fc.constantFrom(...DANGEROUS_NAMES),
        fc.boolean(),
        async (type, name, attachment) => {
          tried++;
          const file = await send(upload, name, type, `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${SCRIPT}</svg>`);
          if (!file) return;
          for (const url of [fileUrl(ferry.url, upload, file), `${ferry.url}/hotlink/${file.id}/${encodeURIComponent(file.fileName)}`]) {
            const response = await fetch(`${url}${attachment ? '?dl=1' : ''}`);
            await response.arrayBuffer();
            if (response.status === 404 && url.includes('/hotlink/')) continue; // hotlinks may be off for this upload
            expect(response.status, url).toBe(200);
            const served = response.headers.get('content-type');
            expect(rendersAsDocument(served), `${JSON.stringify(type)} ${name} served as ${served}`).toBe(false);
            const disposition = response.headers.get('content-disposition') ?? '';
            if (/^inline/.test(disposition)) expect(served, `${JSON.stringify(type)} shown inline`).toMatch(SHOWN_INLINE);
            expect(response.headers.get('content-security-policy'), url).toMatch(/sandbox/);
            expect(response.headers.get('x-content-type-options')).toBe('nosniff');
            if (attachment) expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
          }
          await fetch(fileUrl(ferry.url, upload, file), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
        },
      ),
      { numRuns: 300 },
    );
    tally(context, 'inputs', tried);
  });

  it('shows inline only images but SVG, audio, video and plain text; any other type is bytes to save', async (context) => {
    const upload = await createUpload(ferry.url);
    for (const type of [...INLINE_TYPES, ...SAVED_TYPES]) {
      const file = await send(upload, 'file.bin', type, 'alert(document.domain)');
      const response = await fetch(fileUrl(ferry.url, upload, file!));
      await response.arrayBuffer();
      const disposition = response.headers.get('content-disposition');
      if (INLINE_TYPES.includes(type)) {
        // Uploads keep a type without its parameters.
        expect(response.headers.get('content-type'), type).toBe(type.split(';')[0]);
        expect(disposition, type).toMatch(/^inline/);
      } else {
        expect(response.headers.get('content-type'), type).toBe('application/octet-stream');
        expect(disposition, type).toMatch(/^attachment/);
      }
    }
    finding(context, 'served-types-allow-list');
  });
});

describe('caching', () => {
  it('keeps counted downloads out of caches: the zip and each file of a download-limited upload', async (context) => {
    for (const terms of [{ maxDownloads: 3 }, { oneShot: true }]) {
      const upload = await createUpload(ferry.url, terms);
      const file = await send(upload, 'a.txt', 'text/plain', 'counted');
      await send(upload, 'b.txt', 'text/plain', 'counted too');
      const zip = `${ferry.url}/archive/${upload.id}/all.zip`;
      // The GET of the zip last: it is the one download a oneShot upload has.
      for (const [url, method] of [
        [fileUrl(ferry.url, upload, file!), 'HEAD'],
        [zip, 'HEAD'],
        [zip, 'GET'],
      ]) {
        const response = await fetch(url!, { method });
        await response.arrayBuffer();
        expect(response.status, `${method} ${url}`).toBe(200);
        expect(response.headers.get('cache-control'), `${JSON.stringify(terms)} ${method} ${url}`).toMatch(/no-store/);
      }
    }
    finding(context, 'limited-zip-cached');
  });

  it.runIf(webAppBuilt())("keeps the web page's HTML out of long-lived caches: only hashed assets are immutable", async (context) => {
    for (const page of ['/', '/login', '/account', '/admin', '/d?id=abc']) {
      const response = await fetch(`${ferry.url}${page}`, { headers: { Accept: 'text/html' } });
      await response.arrayBuffer();
      expect(response.headers.get('content-type'), page).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), page).toBe('no-cache');
    }
    const script = (await readdir(path.join(WEB_ROOT, 'assets'))).find((name) => /-[\w-]{6,}\.js$/.test(name))!;
    const asset = await fetch(`${ferry.url}/assets/${script}`);
    await asset.arrayBuffer();
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    finding(context, 'web-page-html-cached');
  });
});
