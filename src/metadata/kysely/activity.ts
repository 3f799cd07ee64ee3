// The daily activity counters over Kysely: one upsert per counter row, written as each dialect spells it.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../migrations/dialect.js';
import type { ActivityCounters, ActivityCounts, DailyActivity } from '../records/activity.js';
import type { Database } from '../tables.js';
import { upsertAdding } from './queries.js';

const COLUMNS = {
  uploads: 'uploads',
  files: 'files',
  bytesUploaded: 'bytes_uploaded',
  downloads: 'downloads',
  bytesDownloaded: 'bytes_downloaded',
} as const satisfies Record<keyof ActivityCounts, string>;

type Column = (typeof COLUMNS)[keyof ActivityCounts];

export class KyselyActivityCounters implements ActivityCounters {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  /**
   * Adds to the day's row of each scope, in one statement (one commit). The increment is done by the database (insert,
   * or on the key's conflict add to what the row holds), never read and written back: two instances adding at once
   * both count. Every row gets the same increments, so they are written into the statement.
   */
  async addActivity(day: string, scopes: string[], counts: Partial<ActivityCounts>): Promise<void> {
    const added = Object.fromEntries(
      Object.entries(COLUMNS).map(([field, column]) => [column, counts[field as keyof ActivityCounts] ?? 0]),
    ) as Record<Column, number>;
    const increments = Object.fromEntries(
      (Object.keys(added) as Column[]).map((column) => [column, sql<number>`${sql.ref(`daily_activity.${column}`)} + ${added[column]}`]),
    ) as Record<Column, ReturnType<typeof sql<number>>>;
    const rows = scopes.map((scope) => ({ id: `${day} ${scope}`, scope, day, ...added }));
    await upsertAdding(this.db, this.dialect, 'daily_activity', 'id', rows, increments);
  }

  async dailyActivity(scope: string, fromDay: string): Promise<DailyActivity[]> {
    const rows = await this.db
      .selectFrom('daily_activity')
      .selectAll()
      .where('scope', '=', scope)
      .where('day', '>=', fromDay)
      .orderBy('day')
      .execute();
    return rows.map((row) => ({
      day: row.day,
      uploads: Number(row.uploads),
      files: Number(row.files),
      bytesUploaded: Number(row.bytes_uploaded),
      downloads: Number(row.downloads),
      bytesDownloaded: Number(row.bytes_downloaded),
    }));
  }
}
