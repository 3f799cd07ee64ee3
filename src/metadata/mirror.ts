// Makes one metadata store hold what another holds, row for row, while the other keeps serving: `ferry migrate`'s
// metadata half. The source is read as of one moment (a single read transaction); in the target, rows the source
// no longer has are removed (owned tables first), then every source row is written over what the target holds of
// it (owners first). A run that stops half-way is simply run again, and a last run with the server stopped leaves
// the target equal to the source.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './migrations/dialect.js';
import type { Database } from './tables.js';
import { MOVED, type AnyDatabase, type Row } from './transfer.js';

const PAGE = 500;

export interface MirrorEvents {
  /** The rows of `table` the source holds, known before they are copied. */
  onTable?(table: string, rows: number): void;
}

export interface MirrorCounts {
  /** Rows written (new or updated) per table, which the target then holds as many of. */
  copied: Record<string, number>;
  /** Rows removed from the target because the source no longer has them. */
  removed: Record<string, number>;
}

export async function mirrorMetadata(
  source: Kysely<Database>,
  target: { db: Kysely<Database>; dialect: SqlDialect },
  events: MirrorEvents = {},
): Promise<MirrorCounts> {
  const counts: MirrorCounts = { copied: {}, removed: {} };
  const into = target.db as unknown as AnyDatabase;
  const tx = await source.startTransaction().setIsolationLevel('repeatable read').execute();
  try {
    const from = tx as unknown as AnyDatabase;
    for (const [table, key] of [...MOVED].reverse()) counts.removed[table] = await removeStale(from, into, table, key);
    for (const [table, key] of MOVED) {
      events.onTable?.(table, await countRows(from, table));
      counts.copied[table] = 0;
      for await (const rows of pages(from, table, key)) {
        await upsert(into, target.dialect, table, key, rows);
        counts.copied[table] += rows.length;
      }
    }
    await tx.commit().execute();
  } catch (err) {
    await tx.rollback().execute();
    throw err;
  }
  await verify(into, counts.copied);
  return counts;
}

/**
 * A table's rows (or only their keys) in pages by key, each row as export and import move it: through JSON, so
 * that dates, numbers and flags reach another kind of database as they do in a file.
 */
async function* pages(db: AnyDatabase, table: string, key: string, keysOnly = false): AsyncGenerator<Row[]> {
  for (let after: unknown = undefined; ; ) {
    let page = (keysOnly ? db.selectFrom(table).select(key) : db.selectFrom(table).selectAll()).orderBy(key).limit(PAGE);
    if (after !== undefined) page = page.where(key, '>', after);
    const rows = await page.execute();
    if (rows.length > 0) yield JSON.parse(JSON.stringify(rows)) as Row[];
    if (rows.length < PAGE) return;
    after = rows.at(-1)![key];
  }
}

async function removeStale(from: AnyDatabase, into: AnyDatabase, table: string, key: string): Promise<number> {
  let removed = 0;
  for await (const rows of pages(into, table, key, true)) {
    const keys = rows.map((row) => row[key]);
    const kept = new Set((await from.selectFrom(table).select(key).where(key, 'in', keys).execute()).map((row) => String(row[key])));
    const stale = keys.filter((value) => !kept.has(String(value)));
    if (stale.length > 0) removed += Number((await into.deleteFrom(table).where(key, 'in', stale).executeTakeFirst()).numDeletedRows);
  }
  return removed;
}

/** Writes the rows over the target's rows of the same keys, adding those it lacks (every moved table has more than its key). */
async function upsert(db: AnyDatabase, dialect: SqlDialect, table: string, key: string, rows: Row[]): Promise<void> {
  const columns = Object.keys(rows[0]!).filter((column) => column !== key);
  const insert = db.insertInto(table).values(rows);
  await (dialect === 'mysql'
    ? insert.onDuplicateKeyUpdate(Object.fromEntries(columns.map((column) => [column, sql`values(${sql.ref(column)})`])))
    : insert.onConflict((oc) =>
        oc.column(key).doUpdateSet(Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]))),
      )
  ).execute();
}

/** The target holds as many rows of each table as were copied from the source's moment: nothing more, nothing lost. */
async function verify(db: AnyDatabase, copied: Record<string, number>): Promise<void> {
  for (const [table, expected] of Object.entries(copied)) {
    const held = await countRows(db, table);
    if (held !== expected) throw new Error(`table ${table}: the target holds ${held} rows where ${expected} were copied`);
  }
}

async function countRows(db: AnyDatabase, table: string): Promise<number> {
  const { total } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(total);
}
