// A user's quota reserved in the database as an upload's bytes arrive, so that parallel uploads, on one instance or
// several, cannot together pass it. The reservation is the uploading file's size, settled to its real size at the end.
import type { FileRef } from '../metadata/records/files.js';
import type { QuotaReservations } from '../metadata/records/quota.js';
import { tooLarge } from '../model/errors.js';
import { formatSize } from './sizes.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Bytes reserved at a time: a sixteenth of the quota, within 64 KiB..8 MiB, so that a round-trip covers many chunks. */
export const reservationStep = (quota: number) => Math.min(8 * MiB, Math.max(64 * KiB, Math.floor(quota / 16)));

export class QuotaReservation {
  private reserved = 0;
  private readonly step: number;

  /** `bound`: at most this many bytes will arrive (the request's declared length), reserved at once if they fit. */
  constructor(
    private readonly metadata: QuotaReservations,
    private readonly file: FileRef,
    private readonly userId: string,
    private readonly quota: number,
    private bound: number | undefined,
  ) {
    this.step = reservationStep(quota);
  }

  /** Makes sure `size` bytes are reserved; undefined (no wait) while they are. Throws 413 past the quota. */
  cover(size: number): Promise<void> | undefined {
    return size <= this.reserved ? undefined : this.reserve(size);
  }

  private async reserve(size: number): Promise<void> {
    // The whole declared length first (one round-trip for the file), else a step ahead, else exactly what arrived.
    const candidates = [this.bound, size + this.step, size].filter((bytes): bytes is number => bytes !== undefined && bytes >= size);
    this.bound = undefined;
    for (const bytes of candidates) {
      if (await this.metadata.reserveBytes(this.file, this.userId, Math.min(bytes, this.quota), this.quota, Date.now())) {
        this.reserved = Math.min(bytes, this.quota);
        if (this.reserved >= size) return;
      }
    }
    throw tooLarge(`maximum user upload size reached. (${formatSize(this.quota)})`);
  }
}
