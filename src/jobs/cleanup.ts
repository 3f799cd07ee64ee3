// Background sweep: frees the data of expired or deleted uploads and of removed files, then their metadata.
import type { Logger } from 'pino';
import type { DataStore } from '../data/store.js';
import type { FileService } from '../domain/files.js';
import type { MetadataStore } from '../metadata/store.js';

const BATCH = 100;

export interface CleanupReport {
  uploads: number;
  files: number;
}

export class Cleanup {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly data: DataStore,
    private readonly files: FileService,
    private readonly log: Pick<Logger, 'info' | 'error'>,
  ) {}

  /** One full sweep; safe to run while requests are served. */
  async run(now = Date.now()): Promise<CleanupReport> {
    const report: CleanupReport = { uploads: 0, files: 0 };
    for (let ids = await this.metadata.uploadsToPurge(now, BATCH); ids.length > 0; ids = await this.metadata.uploadsToPurge(now, BATCH)) {
      for (const id of ids) {
        for (const file of await this.metadata.listFiles(id)) await this.data.remove({ uploadId: id, fileId: file.id });
        await this.metadata.deleteUploadRows(id);
        this.log.info({ event: 'upload.purged', uploadId: id }, 'expired or deleted upload purged');
        report.uploads++;
      }
    }
    for (let refs = await this.metadata.filesToPurge(BATCH); refs.length > 0; refs = await this.metadata.filesToPurge(BATCH)) {
      for (const ref of refs) {
        await this.files.purge({ uploadId: ref.uploadId, id: ref.fileId });
        report.files++;
      }
    }
    return report;
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
}
