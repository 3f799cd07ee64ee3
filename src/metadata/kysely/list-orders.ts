// The sorts and filters of Plik 1.4's lists as SQL: each sort is an expression of the listed row (a column, or a
// correlated sum over its files, uploads or activity), each filter a condition. The lists page by offset, so a
// sort needs no cursor of its own: pageOf orders by it, then by the row's key.
import { sql, type Expression, type ExpressionBuilder } from 'kysely';
import type { UploadFeatureFilter, UserFilter } from '../../model/listing.js';
import type { SqlDialect } from '../migrations/dialect.js';
import type { Database } from '../tables.js';
import { HELD_STATUSES, liveUploads } from './queries.js';

/** A sort key: a column, or a subquery of one row and column. */
type SortKey = Expression<unknown>;

/** What an upload list sorts by: `size` is the bytes its files hold (uploaded or on their way). */
export function uploadOrder(eb: ExpressionBuilder<Database, 'uploads'>, sort: string): SortKey {
  switch (sort) {
    case 'size':
      return eb
        .selectFrom('files')
        .select((eb) => sumOf(eb, 'files.size'))
        .whereRef('files.upload_id', '=', 'uploads.id')
        .where('files.status', 'in', HELD_STATUSES);
    case 'downloads':
      return eb.ref('uploads.download_count');
    case 'downloadedBytes':
      return eb.ref('uploads.downloaded_bytes');
    default:
      return eb.ref('uploads.created_at');
  }
}

/**
 * What a user list sorts by. `size`: the bytes their live uploads hold now, as GET /me/stats counts them.
 * `lifetimeSize` and `downloadedBytes`: all they ever uploaded, and all their files ever served, from the daily
 * activity counters, which outlive the uploads they counted.
 */
export function userOrder(eb: ExpressionBuilder<Database, 'users'>, sort: string, now: number, dialect: SqlDialect): SortKey {
  switch (sort) {
    case 'size':
      return heldFilesOf(eb, now)
        .select((eb) => sumOf(eb, 'files.size'))
        .whereRef('uploads.user_id', '=', 'users.id');
    case 'lifetimeSize':
      return activityTotal(eb, 'daily_activity.bytes_uploaded', dialect);
    case 'downloadedBytes':
      return activityTotal(eb, 'daily_activity.bytes_downloaded', dialect);
    case 'login':
      return eb.ref('users.login');
    default:
      return eb.ref('users.created_at');
  }
}

/** What a token list sorts by: `size` is the bytes held now by the live uploads made with the token. */
export function tokenOrder(eb: ExpressionBuilder<Database, 'tokens'>, sort: string, now: number): SortKey {
  if (sort !== 'size') return eb.ref('tokens.created_at');
  return heldFilesOf(eb, now)
    .select((eb) => sumOf(eb, 'files.size'))
    .whereRef('uploads.token_id', '=', 'tokens.hash');
}

/** The files that count against a quota (queries.ts' heldFiles), in a subquery of a list of users or tokens. */
const heldFilesOf = (eb: ExpressionBuilder<Database, 'users' | 'tokens'>, now: number) =>
  eb
    .selectFrom('files')
    .innerJoin('uploads', 'uploads.id', 'files.upload_id')
    .where((eb) => liveUploads(eb, {}, now))
    .where('files.status', 'in', HELD_STATUSES);

/** A column's sum, 0 over no rows (so that a row without any sorts with the smallest, not as NULL does). */
const sumOf = <TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  column: 'files.size' | 'daily_activity.bytes_uploaded' | 'daily_activity.bytes_downloaded',
) => eb.fn.coalesce(eb.fn.sum<number | string>(sql.ref(column)), eb.lit(0)).as('total');

function activityTotal(
  eb: ExpressionBuilder<Database, 'users'>,
  column: 'daily_activity.bytes_uploaded' | 'daily_activity.bytes_downloaded',
  dialect: SqlDialect,
): SortKey {
  // On MySQL, users.id compares without padding (migration 006) and daily_activity.scope with utf8mb4_bin: two
  // implicit collations, which MySQL refuses to compare. The scope's own collation keeps its index usable (and
  // its padding is harmless: no login holds a space, domain/users.ts isWellFormedLogin).
  const userId = dialect === 'mysql' ? sql<string>`${sql.ref('users.id')} collate utf8mb4_bin` : sql.ref<string>('users.id');
  return eb
    .selectFrom('daily_activity')
    .select((eb) => sumOf(eb, column))
    .where('daily_activity.scope', '=', userId);
}

/** Uploads with, or without, each option the filter names. */
export function uploadFeatures(eb: ExpressionBuilder<Database, 'uploads'>, features: UploadFeatureFilter) {
  const flag = (column: 'uploads.one_shot' | 'uploads.removable' | 'uploads.stream' | 'uploads.extend_ttl', wanted: boolean) =>
    eb(column, '=', wanted ? 1 : 0);
  const conditions = [];
  if (features.oneShot !== undefined) conditions.push(flag('uploads.one_shot', features.oneShot));
  if (features.removable !== undefined) conditions.push(flag('uploads.removable', features.removable));
  if (features.stream !== undefined) conditions.push(flag('uploads.stream', features.stream));
  if (features.extendTTL !== undefined) conditions.push(flag('uploads.extend_ttl', features.extendTTL));
  if (features.password !== undefined) conditions.push(eb('uploads.password_hash', features.password ? 'is not' : 'is', null));
  // The scheme an end-to-end encrypted upload names ("age"); '' for the others.
  if (features.e2ee !== undefined) conditions.push(eb('uploads.e2ee', features.e2ee ? '<>' : '=', ''));
  return eb.and(conditions);
}

/** Users of the provider, admins or not, as the filter says. */
export function userConditions(eb: ExpressionBuilder<Database, 'users'>, filter: UserFilter) {
  const conditions = [];
  if (filter.provider !== undefined) conditions.push(eb('users.provider', '=', filter.provider));
  if (filter.admin !== undefined) conditions.push(eb('users.is_admin', '=', filter.admin ? 1 : 0));
  return eb.and(conditions);
}

/**
 * Users whose id, login, name or email holds the text, whatever its case (ASCII case on SQLite). The text's own
 * % and _ are matched as themselves.
 */
export function userMatches(eb: ExpressionBuilder<Database, 'users'>, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  const holds = (column: 'users.id' | 'users.login' | 'users.name' | 'users.email') =>
    sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
  return eb.or([holds('users.id'), holds('users.login'), holds('users.name'), holds('users.email')]);
}
