// What happens each day, counted for the charts of the account and admin pages: uploads created, files uploaded,
// downloads served, and their bytes. Counted for the owner of the upload (a download of Alice's file is Alice's
// activity, whoever downloads it) and for the whole server; days are UTC days. The same events add to Plik's lifetime
// usage counters (usage-stats.ts) and to each upload's and file's downloads of the day (the trending lists).
import type { ActivityCounters, ActivityCounts, DailyActivity } from '../metadata/records/activity.js';
import type { UsageIncrement, UsageRecords } from '../metadata/records/usage.js';
import { badRequest } from '../model/errors.js';
import type { Upload } from '../model/model.js';
import { bucketOf, FILE_SIZE_BUCKETS, TTL_BUCKETS } from '../model/usage.js';
import { Events } from './events.js';
import { featuresOf, scopesOf } from './usage-scopes.js';

/** The scope of the whole server's counters; no user id is one (they all hold a colon). */
const SERVER = '*';
const DAY_MS = 86_400_000;
/** The longest history one request may ask for: a year and a day. */
const MAX_DAYS = 366;

const dayOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);

export class ActivityService {
  constructor(
    private readonly metadata: ActivityCounters & UsageRecords,
    private readonly events: Events = Events.none,
    private readonly now: () => number = Date.now,
  ) {}

  async uploadCreated(upload: Upload): Promise<void> {
    await this.add(upload.userId, { uploads: 1 });
    const ttl = bucketOf(TTL_BUCKETS, upload.ttl);
    await this.addUsage(upload, { uploads: 1, features: featuresOf(upload), ttl, lastUploadAt: this.now() });
  }

  async fileUploaded(upload: Upload, bytes: number): Promise<void> {
    await this.add(upload.userId, { files: 1, bytesUploaded: bytes });
    await this.addUsage(upload, { files: 1, size: bytes, fileSize: bucketOf(FILE_SIZE_BUCKETS, bytes) });
  }

  /** `wholeFiles`: the files sent whole (a Range of one adds its bytes only). */
  async served(upload: Upload, bytes: number, wholeFiles: string[]): Promise<void> {
    const day = dayOf(this.now());
    await this.counted([], { downloadDay: day, uploadId: upload.id, wholeFiles, bytes }, () =>
      this.metadata.addDownloadDay(day, upload.id, wholeFiles, bytes),
    );
    await this.add(upload.userId, { downloads: wholeFiles.length, bytesDownloaded: bytes });
    // Last: once the server's lifetime bytes show a download, every other count of it is written.
    await this.addUsage(upload, { downloads: wholeFiles.length, downloadedBytes: bytes });
  }

  /** The last `days` days of a user (null: the whole server), today last, each day there even if nothing happened. */
  async daily(userId: string | null, days: number): Promise<DailyActivity[]> {
    if (!Number.isSafeInteger(days) || days < 1 || days > MAX_DAYS) throw badRequest(`days must be from 1 to ${MAX_DAYS}`);
    const today = this.now();
    const wanted = Array.from({ length: days }, (_, i) => dayOf(today - (days - 1 - i) * DAY_MS));
    const counted = new Map((await this.metadata.dailyActivity(userId ?? SERVER, wanted[0]!)).map((entry) => [entry.day, entry]));
    return wanted.map((day) => counted.get(day) ?? { day, uploads: 0, files: 0, bytesUploaded: 0, downloads: 0, bytesDownloaded: 0 });
  }

  private add(owner: string | null, counts: Partial<ActivityCounts>): Promise<void> {
    const scopes = owner === null ? [SERVER] : [owner, SERVER];
    return this.counted(scopes, counts, () => this.metadata.addActivity(dayOf(this.now()), scopes, counts));
  }

  private addUsage(upload: Upload, added: UsageIncrement): Promise<void> {
    const scopes = scopesOf(upload);
    return this.counted(scopes, added, () => this.metadata.addUsage(scopes, added, this.now()));
  }

  /** A counter that cannot be written is said in the log: the upload or download it counts has happened all the same. */
  private async counted(scopes: string[], counts: object, add: () => Promise<void>): Promise<void> {
    try {
      await add();
    } catch (err) {
      this.events.emit({ event: 'activity.not_counted', scopes, counts, error: (err as Error).message ?? String(err) });
    }
  }
}
