// Moves all lasting metadata from one store to another through a JSON-lines file: a header line, then one
// `{"table": …, "row": …}` line per row. Rows are read in pages by primary key and written in batches, so that
// neither side ever holds more than a page, whatever the size of the store.
import type { Kysely } from 'kysely';
import { KyselyPurgeQueue } from './kysely/purge.js';
import { LATEST_MIGRATION } from './migrations/index.js';
import type { Database } from './tables.js';

const FORMAT = 'ferry-metadata';
const PAGE = 500;

/**
 * Every table, with the key its rows are paged by, owners before what they own; null: not moved (a lease belongs
 * to the instances running on a store; a CLI sign-in lives minutes, and its CLI polls the store it started on). Typed over Database, so that a new table cannot be forgotten here.
 */
const TABLES: { [T in keyof Database]: (keyof Database[T] & string) | null } = {
  users: 'id',
  tokens: 'hash',
  sessions: 'id_hash',
  uploads: 'id',
  files: 'id',
  blobs: 'hash',
  daily_activity: 'id',
  resumable_files: 'file_id',
  usage_totals: 'scope',
  download_days: 'id',
  webhooks: 'id',
  deliveries: 'id',
  download_notifications: 'upload_id',
  file_requests: 'id',
  request_uploads: 'upload_id',
  passkeys: 'id',
  invitations: 'id',
  // Moved with the counters they hold; the import gives them back, as nothing is in flight on the new store.
  request_reservations: 'id',
  leases: null,
  cli_sign_ins: null,
  // A reset link lives an hour, and its email went out from the store it was made on.
  password_resets: null,
  two_factor: 'user_id',
  two_factor_recovery_codes: 'code_hash',
  // A challenge lives minutes, for the browser that signed in on the store it was made on.
  two_factor_challenges: null,
  // A ceremony's challenge lives minutes, on the store whose instance handed it out.
  passkey_challenges: null,
};
/** The moved tables with their keys, owners first. */
export const MOVED = (Object.entries(TABLES) as [string, string | null][]).filter((entry): entry is [string, string] => entry[1] !== null);

interface Header {
  format: typeof FORMAT;
  /** The newest migration of the exporting Ferry: rows fit only a schema at the same point. */
  schema: string;
}

export type Row = Record<string, unknown>;
/** Dynamic table names: the rows pass through as the database hands them over. */
export type AnyDatabase = Kysely<Record<string, Row>>;

/** How many rows of each table were moved. */
export type TransferCounts = Record<string, number>;

/**
 * The whole store as of one moment (a single read transaction), a page of lines at a time; fills `counts` as it goes.
 * Stopping early gives the transaction back.
 */
export async function* exportMetadata(db: Kysely<Database>, counts: TransferCounts = {}): AsyncGenerator<string> {
  const header: Header = { format: FORMAT, schema: LATEST_MIGRATION };
  yield `${JSON.stringify(header)}\n`;
  const tx = await db.startTransaction().setIsolationLevel('repeatable read').execute();
  let done = false;
  try {
    const any = tx as unknown as AnyDatabase;
    for (const [table, key] of MOVED) {
      counts[table] = 0;
      for (let after: unknown = undefined; ; ) {
        let page = any.selectFrom(table).selectAll().orderBy(key).limit(PAGE);
        if (after !== undefined) page = page.where(key, '>', after);
        const rows = await page.execute();
        if (rows.length > 0) yield rows.map((row) => `${JSON.stringify({ table, row })}\n`).join('');
        counts[table] += rows.length;
        if (rows.length < PAGE) break;
        after = rows.at(-1)![key];
      }
    }
    await tx.commit().execute();
    done = true;
  } finally {
    if (!done) await tx.rollback().execute();
  }
}

/**
 * Reads an export into an empty store, all of it or (on any error) nothing. What was half-done when the export was
 * read (a file uploading, a download slot unsettled) is undone in the same transaction, as a restart does it: no
 * process of the new store is doing it, and a PostgreSQL or MySQL store, which no start resets, would keep such a
 * file `uploading` for good, refusing the sender's retry.
 */
export async function importMetadata(db: Kysely<Database>, lines: AsyncIterable<string> | Iterable<string>): Promise<TransferCounts> {
  // Take hold of the lines before the first await: readline emits them from the moment it exists, and an iterator
  // made after the database answered would have missed those already gone (and wait forever for the end).
  const input = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  const counts: TransferCounts = Object.fromEntries(MOVED.map(([table]) => [table, 0]));
  try {
    await db.transaction().execute(async (tx) => {
      await importInto(tx as unknown as AnyDatabase, input, counts);
      await new KyselyPurgeQueue(tx).resetInterrupted();
    });
  } finally {
    await input.return?.();
  }
  return counts;
}

async function importInto(db: AnyDatabase, input: AsyncIterator<string> | Iterator<string>, counts: TransferCounts): Promise<void> {
  await refuseNonEmpty(db);
  let batch: { table: string; rows: Row[] } | undefined;
  const flush = async () => {
    if (batch && batch.rows.length > 0) await db.insertInto(batch.table).values(batch.rows).execute();
    batch = undefined;
  };
  let number = 0;
  let header = false;
  for (let next = await input.next(); !next.done; next = await input.next()) {
    const line = next.value;
    number++;
    if (line.trim() === '') continue;
    const record = parse(line, number);
    if (!header) {
      checkHeader(record);
      header = true;
      continue;
    }
    const { table, row } = record as { table?: unknown; row?: unknown };
    if (typeof table !== 'string' || !(table in counts)) throw new Error(`line ${number}: unknown table ${JSON.stringify(table)}`);
    if (typeof row !== 'object' || row === null) throw new Error(`line ${number}: no row`);
    if (batch?.table !== table || batch.rows.length >= PAGE) await flush();
    batch ??= { table, rows: [] };
    batch.rows.push(row as Row);
    counts[table]!++;
  }
  if (!header) throw new Error('the file is empty: no export header');
  await flush();
}

async function refuseNonEmpty(db: AnyDatabase): Promise<void> {
  for (const [table] of MOVED) {
    const any = await db.selectFrom(table).selectAll().limit(1).executeTakeFirst();
    if (any) throw new Error(`the target store is not empty (table ${table} has rows): import only into a new, empty store`);
  }
}

function parse(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`line ${number} is not JSON`);
  }
}

function checkHeader(record: unknown): void {
  const header = record as Partial<Header>;
  if (header?.format !== FORMAT) throw new Error('not a Ferry metadata export (its first line has no "format": "ferry-metadata")');
  if (header.schema !== LATEST_MIGRATION) {
    throw new Error(
      `the export is of schema ${header.schema}, this Ferry's is ${LATEST_MIGRATION}: export and import with the same Ferry version`,
    );
  }
}
