// Prometheus metrics (MetricsPort): HTTP requests, bytes in and out, what the domain reports (uploads, files,
// downloads), cleanup sweeps, database and data-store latency, the server's totals and the process's own.
// Names follow Plik's (server/common/metrics.go) where Plik has the metric, Prometheus' naming rules elsewhere.
// Off by default: with MetricsPort 0 nothing here is loaded, hooked or wrapped.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FerryEvent } from '../domain/events.js';
import type { ServerTotals } from '../domain/server-totals.js';

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class FerryMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'plik_http_request_total',
    help: 'Count of HTTP requests',
    labelNames: ['method', 'path', 'code'],
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'ferry_http_request_duration_seconds',
    help: 'Time from a request to the end of its response, by route',
    labelNames: ['method', 'path'],
    buckets: [...LATENCY_BUCKETS, 30, 120, 600],
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: 'ferry_http_requests_in_flight',
    help: 'Requests being served (uploads and downloads among them) right now',
    registers: [this.registry],
  });
  private readonly receivedBytes = new Counter({
    name: 'ferry_http_received_bytes_total',
    help: 'Bytes received on HTTP connections, headers included',
    registers: [this.registry],
  });
  private readonly sentBytes = new Counter({
    name: 'ferry_http_sent_bytes_total',
    help: 'Bytes sent on HTTP connections, headers included',
    registers: [this.registry],
  });
  private readonly uploadsCreated = new Counter({
    name: 'ferry_uploads_created_total',
    help: 'Uploads created',
    registers: [this.registry],
  });
  private readonly filesUploaded = new Counter({
    name: 'ferry_files_uploaded_total',
    help: 'Files whose last byte was stored, by whether their content was already there (deduplicated)',
    labelNames: ['deduplicated'],
    registers: [this.registry],
  });
  private readonly uploadedBytes = new Counter({
    name: 'ferry_files_uploaded_bytes_total',
    help: 'Bytes of the files uploaded',
    registers: [this.registry],
  });
  private readonly downloads = new Counter({
    name: 'ferry_downloads_total',
    help: 'Downloads served to their end: kind file or archive, partial for a Range',
    labelNames: ['kind', 'partial'],
    registers: [this.registry],
  });
  private readonly downloadedBytes = new Counter({
    name: 'ferry_downloaded_bytes_total',
    help: 'Bytes of files served by downloads that reached their end',
    registers: [this.registry],
  });
  private readonly interruptedDownloads = new Counter({
    name: 'ferry_downloads_interrupted_total',
    help: 'Downloads cut off before their end',
    registers: [this.registry],
  });
  private readonly cleaningSeconds = new Histogram({
    name: 'plik_cleaning_duration_second',
    help: 'Duration of cleaning runs',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 600],
    registers: [this.registry],
  });
  private readonly cleaningRemovedUploads = new Counter({
    name: 'plik_cleaning_removed_uploads',
    help: 'Cleaning routine removed uploads',
    registers: [this.registry],
  });
  private readonly cleaningDeletedFiles = new Counter({
    name: 'plik_cleaning_deleted_files',
    help: 'Cleaning routine deleted files',
    registers: [this.registry],
  });
  private readonly lastCleaning = new Gauge({
    name: 'plik_last_cleaning_timestamp',
    help: 'Time of the last server cleaning, in seconds since the epoch',
    registers: [this.registry],
  });
  private readonly querySeconds = new Histogram({
    name: 'ferry_metadata_query_duration_seconds',
    help: 'Time of metadata database queries, by outcome',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly dataSeconds = new Histogram({
    name: 'ferry_data_store_operation_duration_seconds',
    help: 'Time of data store calls until they answer (a read: until its bytes can flow), by operation and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [...LATENCY_BUCKETS, 30, 120],
    registers: [this.registry],
  });
  /** Bytes already counted of each connection, so that each request adds only what came after. */
  private readonly counted = new WeakMap<Socket, { read: number; written: number }>();

  private readonly totals: Array<[Gauge, keyof ServerTotals]> = (
    [
      ['plik_users_count', 'Total number of users in the database', 'users'],
      ['plik_uploads_count', 'Total number of uploads in the database', 'uploads'],
      ['plik_anonymous_uploads_count', 'Total number of anonymous uploads in the database', 'anonymousUploads'],
      ['plik_files_count', 'Total number of files in the database', 'files'],
      ['plik_size_bytes', 'Total upload size in the database', 'totalSize'],
      ['plik_anonymous_size_bytes', 'Total anonymous upload size in the database', 'anonymousTotalSize'],
    ] as const
  ).map(([name, help, field]) => [new Gauge({ name, help, registers: [this.registry] }), field]);

  /** `countTotals`: asked once per scrape, in the database, so that every instance shows the same totals. */
  constructor(private readonly countTotals: () => Promise<ServerTotals>) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Every metric, in Prometheus' text format. */
  async scrape(): Promise<string> {
    const totals = await this.countTotals();
    for (const [gauge, field] of this.totals) gauge.set(totals[field]);
    return this.registry.metrics();
  }

  /** Counts every request of `app` by route and status, its time, and the bytes its connection carried. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', async () => void this.inFlight.inc());
    app.addHook('onResponse', async (request, reply) => {
      this.inFlight.dec();
      const labels = { method: request.method, path: request.routeOptions.url ?? 'unmatched' };
      this.requests.inc({ ...labels, code: String(reply.statusCode) });
      this.requestSeconds.observe(labels, reply.elapsedTime / 1000);
      this.countBytes(request.raw.socket);
    });
    app.addHook('onRequestAbort', async (request) => {
      this.inFlight.dec();
      this.countBytes(request.raw.socket);
    });
  }

  /** What the domain reports (Events' observer). */
  observeEvent = (event: FerryEvent): void => {
    switch (event.event) {
      case 'upload.created':
        this.uploadsCreated.inc();
        break;
      case 'file.uploaded':
        this.filesUploaded.inc({ deduplicated: String(event.deduplicated) });
        this.uploadedBytes.inc(event.size);
        break;
      case 'file.downloaded':
        this.downloads.inc({ kind: event.archive ? 'archive' : 'file', partial: String(event.partial) });
        this.downloadedBytes.inc(event.bytes);
        break;
      case 'file.download_interrupted':
        this.interruptedDownloads.inc();
        break;
    }
  };

  observeCleanup = (report: { uploads: number; files: number }, seconds: number): void => {
    this.cleaningSeconds.observe(seconds);
    this.cleaningRemovedUploads.inc(report.uploads);
    this.cleaningDeletedFiles.inc(report.files);
    this.lastCleaning.set(Date.now() / 1000);
  };

  observeQuery = (milliseconds: number, failed: boolean): void => {
    this.querySeconds.observe({ outcome: failed ? 'error' : 'ok' }, milliseconds / 1000);
  };

  /**
   * `store` with each of its calls timed until its promise settles. A proxy rather than a wrapper class per
   * store: the stores differ in what they offer (persistent, resumable) and each must keep offering it.
   */
  timed<T extends object>(store: T): T {
    const observe = (operation: string, started: bigint, failed: boolean) =>
      this.dataSeconds.observe({ operation, outcome: failed ? 'error' : 'ok' }, Number(process.hrtime.bigint() - started) / 1e9);
    return new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          const started = process.hrtime.bigint();
          const result: unknown = value.apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.then(
            (answer: unknown) => {
              observe(property, started, false);
              return answer;
            },
            (err: unknown) => {
              observe(property, started, true);
              throw err;
            },
          );
        };
      },
    });
  }

  private countBytes(socket: Socket): void {
    const before = this.counted.get(socket) ?? { read: 0, written: 0 };
    const now = { read: socket.bytesRead, written: socket.bytesWritten };
    this.receivedBytes.inc(Math.max(0, now.read - before.read));
    this.sentBytes.inc(Math.max(0, now.written - before.written));
    this.counted.set(socket, now);
  }
}
