// Plik 1.4's usage statistics: for the server, a user, a user token and the anonymous uploads, what is held now,
// what has been since the counters started, and the downloads and uploads of the last days; and the trending
// lists. Counted as things happen (ActivityService adds to the counters), read from the counters and the day
// rows, never by going through every upload ever made.
import type { ActivityCounters } from '../metadata/records/activity.js';
import type { TrendingFile, TrendingUpload, UsageRecords } from '../metadata/records/usage.js';
import type { UserRecords } from '../metadata/records/users.js';
import { emptyLifetime, emptyPeriod, type LifetimeUsage, type UsagePeriod } from '../model/usage.js';
import type { ActivityService } from './activity.js';
import { ANONYMOUS_SCOPE, SERVER_SCOPE, tokenScope } from './usage-scopes.js';

/** Counts over today, the last 7 and the last 30 UTC days, today included. */
export interface DayWindows {
  today: number;
  last7Days: number;
  last30Days: number;
}

/** One scope's usage. `windows`: only where a day-by-day series exists (the server, a user). */
export interface Usage {
  startedAt: number | null;
  lastUploadAt: number | null;
  downloads: { total: number; bytes: number; windows?: DayWindows };
  uploads: { total: number; bytes: number; windows?: DayWindows };
  current: UsagePeriod;
  lifetime: UsagePeriod;
}

export interface ServerUsage {
  users: number;
  lifetimeUsers: number;
  usage: Usage;
  anonymousUsage: Usage;
}

export type TrendingWindow = 'all' | '1d' | '7d' | '30d';
const WINDOW_DAYS = { '1d': 1, '7d': 7, '30d': 30 } as const;
const DAY_MS = 86_400_000;

export interface TrendingRequest {
  window: TrendingWindow;
  sort: 'downloads' | 'downloadedBytes';
  limit: number;
}

function usageOf(current: UsagePeriod | undefined, lifetime: LifetimeUsage | undefined): Usage {
  const counted = lifetime ?? emptyLifetime();
  const { startedAt, lastUploadAt, users: _users, downloads, downloadedBytes, ...period } = counted;
  return {
    startedAt,
    lastUploadAt,
    downloads: { total: downloads, bytes: downloadedBytes },
    uploads: { total: period.uploads, bytes: period.totalSize },
    current: current ?? emptyPeriod(),
    lifetime: period,
  };
}

export class UsageStatsService {
  constructor(
    private readonly metadata: UsageRecords & ActivityCounters & Pick<UserRecords, 'countUsers'>,
    private readonly activity: ActivityService,
    private readonly now: () => number = Date.now,
  ) {}

  async server(): Promise<ServerUsage> {
    const now = this.now();
    const [all, anonymous, lifetime, users] = await Promise.all([
      this.metadata.currentUsage({}, now),
      this.metadata.currentUsage({ userId: null }, now),
      this.metadata.lifetimeUsage([SERVER_SCOPE, ANONYMOUS_SCOPE]),
      this.metadata.countUsers(),
    ]);
    return {
      users,
      lifetimeUsers: lifetime.get(SERVER_SCOPE)?.users ?? 0,
      usage: await this.withWindows(usageOf(all.get(''), lifetime.get(SERVER_SCOPE)), null),
      anonymousUsage: usageOf(anonymous.get(''), lifetime.get(ANONYMOUS_SCOPE)),
    };
  }

  async user(userId: string): Promise<Usage> {
    const [current, lifetime] = await Promise.all([
      this.metadata.currentUsage({ userId }, this.now()),
      this.metadata.lifetimeUsage([userId]),
    ]);
    return this.withWindows(usageOf(current.get(''), lifetime.get(userId)), userId);
  }

  /** A token's usage (`tokenId`: the token's hash, as uploads record it); no windows: tokens have no day series. */
  async token(userId: string, tokenId: string): Promise<Usage> {
    return (await this.tokens(userId, [tokenId])).get(tokenId)!;
  }

  /** The usage of several tokens of a user at once (a page of a list), without windows. */
  async tokens(userId: string, tokenIds: string[]): Promise<Map<string, Usage>> {
    const [current, lifetime] = await Promise.all([
      this.metadata.currentUsage({ userId }, this.now(), { by: 'token', ids: tokenIds }),
      this.metadata.lifetimeUsage(tokenIds.map((id) => tokenScope(userId, id))),
    ]);
    return new Map(tokenIds.map((id) => [id, usageOf(current.get(id), lifetime.get(tokenScope(userId, id)))]));
  }

  /** The usage of several users at once (a page of a list), without windows. */
  async users(userIds: string[]): Promise<Map<string, Usage>> {
    const [current, lifetime] = await Promise.all([
      this.metadata.currentUsage({}, this.now(), { by: 'user', ids: userIds }),
      this.metadata.lifetimeUsage(userIds),
    ]);
    return new Map(userIds.map((id) => [id, usageOf(current.get(id), lifetime.get(id))]));
  }

  /** `userId`: only that user's uploads. */
  trendingUploads(request: TrendingRequest, userId?: string): Promise<TrendingUpload[]> {
    return this.metadata.trendingUploads({ ...request, userId, fromDay: this.fromDay(request.window) }, this.now());
  }

  trendingFiles(request: Omit<TrendingRequest, 'sort'>): Promise<TrendingFile[]> {
    return this.metadata.trendingFiles({ limit: request.limit, fromDay: this.fromDay(request.window) }, this.now());
  }

  /** The first UTC day a window counts, today being its first day; null: all time. */
  private fromDay(window: TrendingWindow): string | null {
    if (window === 'all') return null;
    return new Date(this.now() - (WINDOW_DAYS[window] - 1) * DAY_MS).toISOString().slice(0, 10);
  }

  /** The windows from the same day counters the daily activity series shows, so that the two always agree. */
  private async withWindows(usage: Usage, userId: string | null): Promise<Usage> {
    const days = await this.activity.daily(userId, 30);
    const windowOf = (field: 'downloads' | 'uploads'): DayWindows => {
      const sum = (last: number) => days.slice(-last).reduce((total, day) => total + day[field], 0);
      return { today: sum(1), last7Days: sum(7), last30Days: sum(30) };
    };
    return {
      ...usage,
      downloads: { ...usage.downloads, windows: windowOf('downloads') },
      uploads: { ...usage.uploads, windows: windowOf('uploads') },
    };
  }
}
