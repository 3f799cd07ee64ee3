// Saves a stream as a download through the decryption service worker (decrypt-sw.ts): the stream is transferred
// to the worker, which answers the one-time address the page then opens. Nothing is gathered in memory: the
// browser's download pulls the stream, and the decryption behind it, as it writes.

/** Built beside the app's chunks (vite.config.ts names it); the app's assets folder is then its scope. */
const WORKER_FILE = 'decrypt-sw.js';

async function activeWorker(): Promise<ServiceWorker> {
  // Both against this chunk's address: a relative scope would be the page's folder, outside the worker's reach.
  const url = new URL(/* @vite-ignore */ `./${WORKER_FILE}`, import.meta.url);
  const registration = await navigator.serviceWorker.register(url, { scope: new URL('./', url).href });
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  if (!worker) throw new Error('the service worker did not start');
  if (worker.state === 'activated') return worker;
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('the service worker did not start'));
    });
  });
  return worker;
}

export async function saveThroughWorker(stream: ReadableStream<Uint8Array>, name: string): Promise<void> {
  const worker = await activeWorker();
  const address = new URL(/* @vite-ignore */ `./decrypted/${crypto.randomUUID()}/${encodeURIComponent(name)}`, import.meta.url);
  const channel = new MessageChannel();
  const ready = new Promise((resolve) => {
    channel.port1.onmessage = resolve;
  });
  worker.postMessage({ path: address.pathname, name, stream }, [channel.port2, stream as unknown as Transferable]);
  await ready;
  // A navigation that ends as a download leaves the page where it is.
  location.assign(address);
}
