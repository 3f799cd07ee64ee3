// Activity counters: what happened each day, per user and for the whole server, added to by every instance at once.

/** What happened in a day: uploads created, files uploaded with their bytes, downloads served with theirs. */
export interface ActivityCounts {
  uploads: number;
  files: number;
  bytesUploaded: number;
  /** Whole files served (a file of a zip counts as one); a Range request's bytes count, not the request. */
  downloads: number;
  /** The bytes of the files sent (a zip's are those of its files). */
  bytesDownloaded: number;
}

export interface DailyActivity extends ActivityCounts {
  /** YYYY-MM-DD, UTC. */
  day: string;
}

export interface ActivityCounters {
  /**
   * Adds `counts` to the counters of `day` of every scope (a user's id, or * for the whole server), creating them at
   * zero first; one atomic increment each, so that instances counting at once on one database lose nothing.
   */
  addActivity(day: string, scopes: string[], counts: Partial<ActivityCounts>): Promise<void>;
  /** The counters of `scope` from `fromDay` on (inclusive), oldest first; days with nothing have no entry. */
  dailyActivity(scope: string, fromDay: string): Promise<DailyActivity[]>;
}
