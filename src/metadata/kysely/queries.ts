// Queries and habits that several entities' records share: live uploads, the files held against a quota, a file's
// conditional move, the files of uploads, a page of rows, a transaction tried again after a conflict.
import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type OrderByExpression,
  type RawBuilder,
  type SelectQueryBuilder,
  type Transaction,
} from 'kysely';
import type { SqlDialect } from '../migrations/dialect.js';
import type { FileStatus, UploadFile } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';
import type { UploadFilter } from '../records/uploads.js';
import type { Database } from '../tables.js';
import { toFile } from './rows.js';

/**
 * The page of a query's rows, in the page's order by `sort` then by `key` (unique: pages never overlap), as items,
 * with the count of all the query's rows. One row beyond the limit is fetched to learn whether more follow.
 */
export async function pageOf<DB, TB extends keyof DB, Row, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  page: Page,
  [sort, key]: [OrderByExpression<DB, TB, Row>, OrderByExpression<DB, TB, Row>],
  toItem: (row: Row) => Item,
): Promise<Slice<Item>> {
  const rows = await query
    .orderBy(sort, page.order)
    .orderBy(key, page.order)
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  // The same rows counted: the list's filters, not its order or page.
  const counted = await query
    .clearSelect()
    .select(sql<number | string>`count(*)`.as('total'))
    .$castTo<{ total: number | string }>()
    .executeTakeFirstOrThrow();
  return { items: rows.slice(0, page.limit).map(toItem), hasMore: rows.length > page.limit, total: Number(counted.total) };
}

/** Tries a transaction up to three times: a conflict between two (a duplicate key, a deadlock) rolls one back. */
export async function retried<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Inserts the rows, or where a row's `key` is taken sets `changes` on the row there (a counter's `column + n`): one
 * statement, as each dialect spells it, so that the database adds and nothing is read and written back. The rows
 * go in one order for everyone (by key), so that two statements never wait on each other's second row; MySQL may
 * still deadlock two first inserts of one row, and the loser's retry adds to the winner's.
 */
export async function upsertAdding(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: 'daily_activity' | 'usage_totals' | 'download_days',
  key: string,
  rows: Array<Record<string, unknown>>,
  changes: Record<string, RawBuilder<unknown>>,
): Promise<void> {
  const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const sorted = [...rows].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
  await retried(() => {
    const insert = any.insertInto(table).values(sorted);
    return (
      dialect === 'mysql' ? insert.onDuplicateKeyUpdate(changes) : insert.onConflict((oc) => oc.column(key).doUpdateSet(changes))
    ).execute();
  });
}

/** Uploads neither deleted nor expired at `now`, narrowed by the filter. */
export function liveUploads(eb: ExpressionBuilder<Database, 'uploads'>, filter: UploadFilter, now: number) {
  const conditions = [
    eb('uploads.deleted_at', 'is', null),
    eb.or([eb('uploads.expire_at', 'is', null), eb('uploads.expire_at', '>', now)]),
  ];
  if (filter.userId === null) conditions.push(eb('uploads.user_id', 'is', null));
  else if (filter.userId !== undefined) conditions.push(eb('uploads.user_id', '=', filter.userId));
  if (filter.tokenId !== undefined) conditions.push(eb('uploads.token_id', '=', filter.tokenId));
  return eb.and(conditions);
}

/**
 * The files that count against a quota: uploaded or on their way, in live uploads the filter covers. One query for
 * the stats a user is shown and for the check a reservation makes, so that the two never disagree.
 */
export function heldFiles(db: Kysely<Database> | Transaction<Database>, filter: UploadFilter, now: number) {
  return db
    .selectFrom('files')
    .innerJoin('uploads', 'uploads.id', 'files.upload_id')
    .where((eb) => liveUploads(eb, filter, now))
    .where('files.status', 'in', HELD_STATUSES);
}

/**
 * The statuses of the files that count against a quota, and that a list's sizes add up: uploaded or on their way,
 * or kept in quarantine (their bytes are stored all the same).
 */
export const HELD_STATUSES: FileStatus[] = ['uploading', 'uploaded', 'quarantined'];

/** Moves a file to `to` only if its status is one of `from`; false when another request got there first. */
export async function moveFile(
  db: Kysely<Database>,
  fileId: string,
  from: FileStatus[],
  to: FileStatus,
  changes: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>> = {},
): Promise<boolean> {
  const result = await db
    .updateTable('files')
    .set({ status: to, ...changes })
    .where('id', '=', fileId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every file of these uploads, whatever its status, oldest first (then by id). */
export async function filesOf(db: Kysely<Database>, uploadIds: string[]): Promise<UploadFile[]> {
  if (uploadIds.length === 0) return [];
  const rows = await filesQuery(db, uploadIds).execute();
  return rows.map(toFile);
}

/** The query of filesOf(). */
export function filesQuery(db: Kysely<Database>, uploadIds: string[]) {
  return db.selectFrom('files').selectAll().where('upload_id', 'in', uploadIds).orderBy('created_at').orderBy('id');
}
