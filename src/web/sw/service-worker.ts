// Ferry's service worker: an offline shell and the Web Share Target. It keeps the app's page, its hashed assets and
// the brand's look, and never an API answer or a file: those always go to Ferry. Its scope is Ferry's Path, where
// it is served (/sw.js under the Path, routes/pwa.ts). Budgeted on its own at build (js-budget.ts).
import { NAME_HEADER, SHARE_CACHE, SHARE_QUERY } from './share-target';

declare const self: ServiceWorkerGlobalScope;

const SHELL_CACHE = 'ferry-shell';
const scope = new URL(self.registration.scope);
const inScope = (path: string) => new URL(path, scope).href;
/** The app's page answers these paths (routes/web.ts's PAGE_PATHS, and /d). */
const PAGES = new Set(['', 'login', 'account', 'admin', 'cli-auth', 'd'].map(inScope));
/** Not hashed: asked again when online, kept for offline. */
const LOOK = new Set(['branding.css', 'manifest.webmanifest'].map(inScope));

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  const bare = `${url.origin}${url.pathname}`;
  if (request.method === 'POST' && bare === inScope('share')) return event.respondWith(receiveShare(request));
  if (request.method !== 'GET' || url.origin !== scope.origin) return;
  if (request.mode === 'navigate' && PAGES.has(bare)) return event.respondWith(networkFirst(request, inScope('')));
  if (LOOK.has(bare)) return event.respondWith(networkFirst(request, bare));
  if (bare.startsWith(inScope('assets/'))) return event.respondWith(cacheFirst(request));
});

/** The page and the assets it names (script, stylesheet, icon); the lazily loaded ones are kept as they load. */
async function cacheShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const page = await fetch(inScope(''), { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put(inScope(''), page);
  const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => inScope(match[1]!));
  await cache.addAll([...named, ...LOOK].filter((url, i, all) => all.indexOf(url) === i)).catch(() => undefined);
}

/** Online, Ferry's answer (kept for later); offline, what was kept under `key`. */
async function networkFirst(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw err;
  }
}

/** Assets are named by their content: one kept is the right one for good. */
async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/**
 * "Share → Ferry": the shared files (or, without files, the shared text and link as a text file) are left for the
 * upload page, which uploads them and copies the link. The page is where the account, the upload's token and the
 * options are; this worker only hands the files over.
 */
async function receiveShare(request: Request): Promise<Response> {
  const form = await request.formData();
  // Every file of the form, whatever its field: the manifest names one (routes/pwa.ts), a browser may name others.
  const files = [...form.values()].filter((entry): entry is File => entry instanceof File && entry.name !== '');
  if (files.length === 0) {
    const text = ['title', 'text', 'url'].map((field) => form.get(field)).filter((value) => typeof value === 'string' && value);
    if (text.length > 0) files.push(new File([text.join('\n')], 'shared.txt', { type: 'text/plain' }));
  }
  const id = crypto.randomUUID();
  const cache = await caches.open(SHARE_CACHE);
  await Promise.all(
    files.map((file, n) =>
      cache.put(
        inScope(`share/${id}/${n}`),
        new Response(file, {
          headers: { 'Content-Type': file.type || 'application/octet-stream', [NAME_HEADER]: encodeURIComponent(file.name) },
        }),
      ),
    ),
  );
  return Response.redirect(inScope(`./?${SHARE_QUERY}=${id}`), 303);
}
