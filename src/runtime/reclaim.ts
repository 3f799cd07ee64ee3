// Gives back the memory of chunks a transfer is done with. V8 frees a Buffer's memory only when a GC finds the Buffer
// dead, and lets tens of MB of such memory gather before it collects: a lone 1 GiB download held ~20 MB of chunks
// long sent, its peak RSS at the 150 MB budget. A minor GC every 16 MiB read (downloads that are not piped straight
// to the response, which reuse their buffers instead: FileChunks.reuseBuffersOnceSent) or received (uploads) frees
// them within a few chunks. It needs `gc`, which Node gives with --expose-gc, and it must go with
// --no-incremental-marking (src/cli/server-node-flags.ts): with incremental marking, once the server had idled,
// downloads ran into back-to-back full GCs at a third of their speed. Without the flags, as under the test runner or
// a plain `ferry serve`, memory is left to V8's own rhythm.

const RECLAIM_EVERY_BYTES = 16 * 1024 * 1024;

type MinorGc = (options: { type: 'minor' }) => void;
const gc = (globalThis as { gc?: MinorGc }).gc;

let readSinceLast = 0;

/** Counts bytes read into chunks of their own; every RECLAIM_EVERY_BYTES, collects the chunks already let go. */
export function noteRead(bytes: number): void {
  if (!gc) return;
  readSinceLast += bytes;
  if (readSinceLast < RECLAIM_EVERY_BYTES) return;
  readSinceLast = 0;
  gc({ type: 'minor' });
}
