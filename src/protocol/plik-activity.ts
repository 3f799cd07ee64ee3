// Plik 1.4's daily activity series (GET /stats/activity/daily, /me/stats/activity/daily) from Ferry's day counters.
import type { DailyActivity } from '../metadata/records/activity.js';
import { badRequest } from '../model/errors.js';
import type { PlikDailyActivity } from './plik-wire.js';

const MAX_DAYS = 31;
const DEFAULT_DAYS = 30;

/** `days` as Plik reads it: absent is 30; anything but an integer from 1 to 31 is refused. */
export function plikDays(days: string | undefined): number {
  if (days === undefined) return DEFAULT_DAYS;
  const value = /^\d+$/.test(days) ? Number(days) : Number.NaN;
  if (!(value >= 1 && value <= MAX_DAYS))
    throw badRequest(`invalid days parameter ${JSON.stringify(days)}: an integer from 1 to ${MAX_DAYS}`);
  return value;
}

export const toPlikDailyActivity = (days: DailyActivity[]): PlikDailyActivity =>
  days.map((day) => ({
    day: day.day,
    downloads: day.downloads,
    downloadedBytes: day.bytesDownloaded,
    uploads: day.uploads,
    uploadedBytes: day.bytesUploaded,
  }));
