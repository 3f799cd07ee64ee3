// Gives back the memory of chunks a transfer is done with. V8 frees a Buffer's memory only when a GC finds the Buffer
// dead, and lets ~64 MB of such memory gather before it collects: a lone 1 GiB download held ~50 MB of chunks long
// sent. A minor GC every 16 MiB read (downloads) or received (uploads) frees them within a few chunks: peak RSS
// during a 1 GiB download ~10 MB lower, at no speed cost measured. It needs `gc`, which Node gives with --expose-gc
// (`ferry serve` makes sure of it: src/cli/server-node-flags.ts); without it, as under the test runner, memory is
// left to V8's own rhythm.

const RECLAIM_EVERY_BYTES = 16 * 1024 * 1024;

type MinorGc = (options: { type: 'minor' }) => void;

let readSinceLast = 0;

/** Counts bytes read into chunks of their own; every RECLAIM_EVERY_BYTES, collects the chunks already let go. */
export function noteRead(bytes: number): void {
  // Looked up at each call: `ferry serve` may expose it after this module was loaded.
  const gc = (globalThis as { gc?: MinorGc }).gc;
  if (!gc) return;
  readSinceLast += bytes;
  if (readSinceLast < RECLAIM_EVERY_BYTES) return;
  readSinceLast = 0;
  gc({ type: 'minor' });
}
