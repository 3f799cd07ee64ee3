// Prepared statements kept for reuse on the embedded SQLite database. Kysely's SqliteDialect prepares every query
// anew, and preparing costs SQLite more than running a small query does: a GET /upload/:id spent about a fifth of
// its CPU time in prepare. Kysely builds the same SQL text for the same query shape, so the text is the key.
import type { SqliteDatabase } from 'kysely';
import type { EmbeddedDatabase, EmbeddedStatement } from './embedded-sqlite.js';

/** Enough for every query shape the store makes; `IN (?, ?, …)` lists of many lengths only push out the oldest. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

/** The database as Kysely's SqliteDialect sees it, with prepare() answering from a bounded cache (least recently used out). */
export function withStatementCache(database: EmbeddedDatabase, capacity = DEFAULT_STATEMENT_CACHE_SIZE): SqliteDatabase {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recently used first.
  const statements = new Map<string, EmbeddedStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      statements.delete(sql);
      // A statement still being iterated (Kysely's streamQuery) cannot run again until its iteration ends:
      // a fresh one takes its place, which also frees the place of an iteration never finished.
      const statement = cached && !cached.busy ? cached : database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
