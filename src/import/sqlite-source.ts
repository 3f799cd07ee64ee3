// Another server's SQLite database, opened read-only to be imported from: its tables checked against the columns an
// importer reads, so that a file of another kind (or of a version whose schema differs) is refused with a clear
// message before anything is read, and values as such servers store them (instants as text or numbers).
import { existsSync, statSync } from 'node:fs';
import { openEmbeddedSqlite, type EmbeddedDatabase } from '../metadata/embedded-sqlite.js';
import { ImportError } from './source.js';

export type SourceRow = Record<string, unknown>;

export interface SqliteSource {
  /** Every row the query returns; `?` parameters. */
  all(sql: string, ...parameters: unknown[]): SourceRow[];
  close(): void;
}

/**
 * Opens `file`, read-only, as the database of `server`, whose tables must have at least the columns named (an
 * optional table is given with `?` after its name, and is then only checked if present). Reports the tables found.
 */
export async function openSqliteSource(
  file: string,
  server: string,
  columns: Record<string, readonly string[]>,
): Promise<SqliteSource & { has(table: string): boolean }> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new ImportError(`${file}: no such file, where ${server}'s database should be`);
  let db: EmbeddedDatabase;
  try {
    db = await openEmbeddedSqlite(file, { readOnly: true });
  } catch (err) {
    throw new ImportError(`${file}: not a SQLite database (${(err as Error).message})`);
  }
  const all = (sql: string, ...parameters: unknown[]) => db.prepare(sql).all(parameters) as SourceRow[];
  try {
    const tables = new Set(all("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => String(row.name)));
    for (const [key, wanted] of Object.entries(columns)) {
      const optional = key.endsWith('?');
      const table = optional ? key.slice(0, -1) : key;
      if (!tables.has(table)) {
        if (optional) continue;
        throw new ImportError(`${file}: not a ${server} database: it has no table ${table}`);
      }
      const present = new Set(all(`SELECT name FROM pragma_table_info(?)`, table).map((row) => String(row.name)));
      const missing = wanted.filter((column) => !present.has(column));
      if (missing.length > 0)
        throw new ImportError(`${file}: table ${table} lacks ${missing.join(', ')}: not a ${server} database of a known version`);
    }
    return { all, close: () => db.close(), has: (table) => tables.has(table) };
  } catch (err) {
    db.close();
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file}: not a SQLite database (${(err as Error).message})`);
  }
}

/**
 * An instant as SQLite-backed servers store it, in milliseconds: a number (Prisma's milliseconds), or text, such as
 * Go's `2023-07-03 20:14:15.513114418+02:00` or SQLite's own `2023-07-03 18:14:15` (UTC); null for none.
 */
export function instantOf(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  const text = String(value).trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  // ISO 8601 as Date.parse takes it: a T between date and time, milliseconds at most, a zone (UTC when none).
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  const parsed = match
    ? Date.parse(`${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}${match[4] ?? 'Z'}`)
    : Date.parse(text);
  if (Number.isNaN(parsed)) throw new ImportError(`unreadable date ${JSON.stringify(text)}`);
  return parsed;
}

/** A boolean as SQLite stores one: 0/1, or text. */
export const flagOf = (value: unknown) => value === 1 || value === 1n || value === true || value === '1' || value === 'true';

export const textOf = (value: unknown) => (value === null || value === undefined ? '' : String(value));
