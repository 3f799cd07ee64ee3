// Background sweep: frees the data of expired or deleted uploads and of removed files, then their metadata.
// Several instances may share one database: a lease in it lets one of them sweep at a time.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataStore } from '../data/store.js';
import type { FileService } from '../domain/files.js';
import type { ResumableFileService } from '../domain/resumable-files.js';
import type { BlobRecords } from '../metadata/records/blobs.js';
import type { FileRequestRecords } from '../metadata/records/file-requests.js';
import type { FileRecords } from '../metadata/records/files.js';
import type { Leases } from '../metadata/records/leases.js';
import type { PurgeQueue } from '../metadata/records/purge.js';
import type { QuotaReservations } from '../metadata/records/quota.js';
import type { UsageRecords } from '../metadata/records/usage.js';

const BATCH = 100;
const LEASE = 'cleanup';
/**
 * A sweep renews its lease at every batch; one whose instance died holds the others back for this many sweep
 * intervals at most (5 minutes at the default 60 s): sweeps more often mean a dead sweeper is replaced sooner.
 */
const LEASE_INTERVALS = 5;
/**
 * How long a partial file may sit untouched before a sweep takes it for a crash's leftover. Another instance may
 * be writing it: a live write touches it at every chunk, and a client silent for a day has given up.
 */
export const LEFTOVER_GRACE_MS = 24 * 3600_000;
/** The longest trending window (30 UTC days, today included), and a day more. */
const DOWNLOAD_DAYS_KEPT_MS = 31 * 24 * 3600_000;

export interface CleanupReport {
  uploads: number;
  files: number;
  /** Another instance was sweeping (it held the lease), so this one did nothing. */
  skipped: boolean;
}

export class Cleanup {
  /** Who this instance is when it takes the lease. */
  private readonly holder = randomUUID();
  /** The sweep in progress in this process, if any: sweeps here run one after another. */
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly metadata: PurgeQueue &
      Leases &
      BlobRecords &
      FileRecords &
      QuotaReservations &
      Pick<FileRequestRecords, 'releaseExpiredRequestReservations'> &
      Pick<UsageRecords, 'forgetDownloadDays'>,
    private readonly data: DataStore,
    private readonly files: FileService,
    private readonly resumable: ResumableFileService,
    private readonly log: Pick<Logger, 'info' | 'error'>,
    /** Told of each sweep that ran, with how long it took (the metrics). */
    private readonly onSweep: (report: CleanupReport, seconds: number) => void = () => undefined,
    /** The sweep interval (CleanupInterval), of which a lease lasts LEASE_INTERVALS. */
    private readonly intervalSeconds = 60,
    /** Told of an expired upload about to be purged, while its rows are still there (the notifications). */
    private readonly onExpired: (uploadId: string) => Promise<void> = async () => undefined,
  ) {}

  /**
   * At the start of a single instance (SQLite), before it serves: nothing can be in progress, so every upload
   * still `uploading`, every unsettled download and every partial file was cut short by the last run's end.
   */
  async recover(): Promise<void> {
    const reset = await this.metadata.resetInterrupted();
    const leftovers = (await this.data.removeLeftovers?.(Infinity)) ?? 0;
    if (reset.uploads + reset.downloads + reset.reservations + leftovers > 0) {
      this.log.info({ event: 'startup.recovered', ...reset, leftovers }, 'undid what the last run left half-done');
    }
  }

  /** One full sweep, after any sweep of this process in progress; safe to run while requests are served. */
  run(now = Date.now()): Promise<CleanupReport> {
    const sweep = this.current.then(async () => {
      const started = performance.now();
      const report = await this.sweep(now);
      if (!report.skipped) this.onSweep(report, (performance.now() - started) / 1000);
      return report;
    });
    this.current = sweep.catch(() => undefined);
    return sweep;
  }

  /** Runs the sweep every `seconds` until stopped; a failed sweep is logged and retried at the next tick. */
  start(seconds: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.run()
        .catch((err) => this.log.error({ err }, 'cleanup failed'))
        .finally(() => (running = false));
    }, seconds * 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async sweep(now: number): Promise<CleanupReport> {
    const report: CleanupReport = { uploads: 0, files: 0, skipped: false };
    if (!(await this.renewLease())) return { ...report, skipped: true };
    try {
      // Each batch first renews the lease: if it ran out and another instance took over, that one finishes the job.
      for (
        let uploads = await this.metadata.uploadsToPurge(now, BATCH);
        uploads.length > 0 && (await this.renewLease());
        uploads = await this.metadata.uploadsToPurge(now, BATCH)
      ) {
        for (const { id, deleted } of uploads) {
          if (!deleted) await this.onExpired(id).catch((err) => this.log.error({ err, uploadId: id }, 'expiry not notified'));
          for (const file of await this.metadata.listFiles(id)) await this.files.purgeWithUpload(file);
          await this.metadata.deleteUploadRows(id);
          // Logged once its rows are gone, so that a sweep retried after a failure does not log it twice.
          if (deleted) this.log.info({ event: 'upload.purged', uploadId: id }, 'deleted upload purged');
          else this.log.info({ event: 'upload.expired', uploadId: id }, 'expired upload purged');
          report.uploads++;
        }
      }
      for (
        let refs = await this.metadata.filesToPurge(BATCH);
        refs.length > 0 && (await this.renewLease());
        refs = await this.metadata.filesToPurge(BATCH)
      ) {
        for (const ref of refs) {
          const file = await this.metadata.findFile(ref.uploadId, ref.fileId);
          if (file) await this.files.purge(file);
          report.files++;
        }
      }
      // Blobs whose last file went while their bytes could not be freed (the server died, the store failed).
      for (
        let blobs = await this.metadata.deadBlobs(BATCH);
        blobs.length > 0 && (await this.renewLease());
        blobs = await this.metadata.deadBlobs(BATCH)
      ) {
        for (const blob of blobs) await this.files.freeDeadBlob(blob);
      }
      // Files being built that were abandoned, or whose upload or file went: their partial data goes with them.
      while ((await this.renewLease()) && (await this.resumable.sweep(now, BATCH)) > 0);
      await this.data.removeLeftovers?.(now - LEFTOVER_GRACE_MS);
      // An upload that reserved nothing for as long is a dead instance's: its bytes of quota come back.
      await this.metadata.releaseStaleReservations(now - LEFTOVER_GRACE_MS);
      // A file sent to a file request that stopped renewing its place there (see requestHoldMs): its instance died.
      while ((await this.renewLease()) && (await this.metadata.releaseExpiredRequestReservations(now, BATCH)) > 0);
      // The trending lists' windows reach 30 days back at most: older download days count for nothing.
      await this.metadata.forgetDownloadDays(new Date(now - DOWNLOAD_DAYS_KEPT_MS).toISOString().slice(0, 10));
    } finally {
      await this.metadata.releaseLease(LEASE, this.holder);
    }
    return report;
  }

  /** The lease runs on the clock, not on the sweep's `now` (which tests move ahead to expire uploads). */
  private renewLease(): Promise<boolean> {
    const now = Date.now();
    return this.metadata.takeLease(LEASE, this.holder, now, now + LEASE_INTERVALS * this.intervalSeconds * 1000);
  }
}
