// What happens each day, counted for the charts of the account and admin pages: uploads created, files uploaded,
// downloads served, and their bytes. Counted for the owner of the upload (a download of Alice's file is Alice's
// activity, whoever downloads it) and for the whole server; days are UTC days.
import type { ActivityCounters, ActivityCounts, DailyActivity } from '../metadata/records/activity.js';
import { badRequest } from '../model/errors.js';
import { Events } from './events.js';

/** The scope of the whole server's counters; no user id is one (they all hold a colon). */
const SERVER = '*';
const DAY_MS = 86_400_000;
/** The longest history one request may ask for: a year and a day. */
const MAX_DAYS = 366;

const dayOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);

export class ActivityService {
  constructor(
    private readonly metadata: ActivityCounters,
    private readonly events: Events = Events.none,
    private readonly now: () => number = Date.now,
  ) {}

  uploadCreated(owner: string | null): Promise<void> {
    return this.add(owner, { uploads: 1 });
  }

  fileUploaded(owner: string | null, bytes: number): Promise<void> {
    return this.add(owner, { files: 1, bytesUploaded: bytes });
  }

  /** `downloads`: the files sent whole (a Range of one adds its bytes only). */
  served(owner: string | null, bytes: number, downloads: number): Promise<void> {
    return this.add(owner, { downloads, bytesDownloaded: bytes });
  }

  /** The last `days` days of a user (null: the whole server), today last, each day there even if nothing happened. */
  async daily(userId: string | null, days: number): Promise<DailyActivity[]> {
    if (!Number.isSafeInteger(days) || days < 1 || days > MAX_DAYS) throw badRequest(`days must be from 1 to ${MAX_DAYS}`);
    const today = this.now();
    const wanted = Array.from({ length: days }, (_, i) => dayOf(today - (days - 1 - i) * DAY_MS));
    const counted = new Map((await this.metadata.dailyActivity(userId ?? SERVER, wanted[0]!)).map((entry) => [entry.day, entry]));
    return wanted.map((day) => counted.get(day) ?? { day, uploads: 0, files: 0, bytesUploaded: 0, downloads: 0, bytesDownloaded: 0 });
  }

  /** A counter that cannot be written is said in the log: the upload or download it counts has happened all the same. */
  private async add(owner: string | null, counts: Partial<ActivityCounts>): Promise<void> {
    const scopes = owner === null ? [SERVER] : [owner, SERVER];
    try {
      await this.metadata.addActivity(dayOf(this.now()), scopes, counts);
    } catch (err) {
      this.events.emit({ event: 'activity.not_counted', scopes, counts, error: (err as Error).message ?? String(err) });
    }
  }
}
