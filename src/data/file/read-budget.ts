// How big a chunk each file download reads at a time. Big reads make a single download several times faster (one
// read and one socket write per chunk), but every stream holds about two chunks (one read, one queued on the socket):
// so the downloads running together share a budget, and each new one reads what is left of it, within bounds: all
// together hold at most the budget plus the smallest chunk each.

const KiB = 1024;
/** Read buffers of all downloads together stay near this, whatever their number. */
const BUDGET_BYTES = 4 * 1024 * KiB;
const MAX_CHUNK = 1024 * KiB;
/** Node's own default: below it, syscalls cost more than the memory saved. */
const MIN_CHUNK = 64 * KiB;
/** The least a small file's read asks for. */
const PAGE = 4 * KiB;

export class ReadBudget {
  /** The chunk sizes of the reads running now, summed. */
  private taken = 0;

  /** The chunk size for a new read of `length` bytes, and the function to call when that read is over. */
  take(length: number): { chunkSize: number; release: () => void } {
    const left = Math.max(BUDGET_BYTES - this.taken, 1);
    // Powers of two, so that chunks stay aligned with the file system's pages; a small file takes only its size.
    const share = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, 2 ** Math.floor(Math.log2(left))));
    const chunkSize = Math.min(share, Math.max(PAGE, 2 ** Math.ceil(Math.log2(Math.max(length, 1)))));
    this.taken += chunkSize;
    let released = false;
    return {
      chunkSize,
      release: () => {
        if (released) return;
        released = true;
        this.taken -= chunkSize;
      },
    };
  }
}
