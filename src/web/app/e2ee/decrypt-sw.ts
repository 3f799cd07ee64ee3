// The service worker that saves a decrypted file where the File System Access API is missing (Firefox, Safari):
// the page hands it the plaintext stream, then opens its one-time address, and the worker answers with that
// stream as a download, so the browser writes it to disk as it is decrypted. Built as assets/decrypt-sw.js; its
// scope is assets/, the page's own addresses stay out of it.

/** What the page posts: the stream to serve at `path` once, and the name to save it under. */
interface Handed {
  path: string;
  name: string;
  stream: ReadableStream<Uint8Array>;
}

/** The parts of the worker's global scope used here (the DOM library describes the page's, not a worker's). */
interface WorkerScope {
  addEventListener(type: 'install', listener: (event: { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'activate', listener: (event: { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Handed>) => void): void;
  addEventListener(type: 'fetch', listener: (event: { request: Request; respondWith(r: Response): void }) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const scope = self as unknown as WorkerScope;
/** Streams waiting for their download, by path; each is served once. */
const waiting = new Map<string, Handed>();

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));

scope.addEventListener('message', (event) => {
  waiting.set(event.data.path, event.data);
  event.ports[0]?.postMessage('ready');
});

scope.addEventListener('fetch', (event) => {
  const path = new URL(event.request.url).pathname;
  const handed = waiting.get(path);
  // Anything else under assets/ goes to the network as it would without the worker.
  if (!handed) return;
  waiting.delete(path);
  event.respondWith(
    new Response(handed.stream, {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(handed.name)}`,
        'Content-Security-Policy': "default-src 'none'",
      },
    }),
  );
});
