// The embedded SQLite database behind Kysely: Node's own node:sqlite where this Node has all of it, better-sqlite3
// on older Nodes (20). better-sqlite3 before 13 aborts Node from 24.19 on whenever the GC collects one of its
// statements (Node's ObjectWrap asserts an environment the collector does not have), and 13 no longer runs on 20:
// Node's built-in driver has neither problem, and needs nothing compiled.
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** A statement as Kysely runs it, and whether an iteration of it is still under way (it cannot run meanwhile). */
export interface EmbeddedStatement extends SqliteStatement {
  readonly busy: boolean;
}

export interface EmbeddedDatabase extends SqliteDatabase {
  prepare(sql: string): EmbeddedStatement;
  /** Runs SQL text that returns nothing (pragmas, schema). */
  exec(sql: string): void;
}

export interface EmbeddedOptions {
  readOnly?: boolean;
  /** How long a statement waits for another connection's write lock before failing (busy_timeout). */
  busyTimeoutMs?: number;
}

export type EmbeddedDriver = 'node:sqlite' | 'better-sqlite3';

/** The driver this Node uses: node:sqlite once it can tell reads from writes (columns(), Node 22.16 and 23.11). */
export async function embeddedDriver(): Promise<EmbeddedDriver> {
  return (await wholeBuiltin()) ? 'node:sqlite' : 'better-sqlite3';
}

export async function openEmbeddedSqlite(file: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const timeout = options.busyTimeoutMs ?? 0;
  const builtin = await wholeBuiltin();
  if (builtin) return new BuiltinDatabase(new builtin.DatabaseSync(file, { readOnly: options.readOnly ?? false, timeout }));
  // Not a dependency Node 22 and later need: loaded, and installed, only where node:sqlite falls short.
  const { default: BetterSqlite } = await import('better-sqlite3');
  const database = new BetterSqlite(file, { readonly: options.readOnly ?? false, timeout });
  return database as unknown as EmbeddedDatabase;
}

/** The part of node:sqlite Ferry uses, written out: the type definitions of Node 20, the oldest Node, lack it. */
interface Builtin {
  DatabaseSync: new (path: string, options: { readOnly: boolean; timeout: number }) => BuiltinConnection;
  StatementSync: { prototype: { columns?: unknown } };
}

interface BuiltinConnection {
  prepare(sql: string): BuiltinStatement;
  exec(sql: string): void;
  close(): void;
}

interface BuiltinStatement {
  columns(): unknown[];
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
}

// A specifier the compiler does not resolve, for the same reason.
const BUILTIN: string = 'node:sqlite';

/** node:sqlite where this Node has all Ferry uses of it, else nothing. */
async function wholeBuiltin(): Promise<Builtin | undefined> {
  let builtin: Builtin;
  try {
    builtin = (await import(BUILTIN)) as Builtin;
  } catch {
    return undefined;
  }
  return typeof builtin.StatementSync.prototype.columns === 'function' ? builtin : undefined;
}

class BuiltinDatabase implements EmbeddedDatabase {
  constructor(private readonly database: BuiltinConnection) {}

  prepare(sql: string): EmbeddedStatement {
    return new BuiltinStatementView(this.database.prepare(sql));
  }

  exec(sql: string): void {
    this.database.exec(sql);
  }

  close(): void {
    this.database.close();
  }
}

/** node:sqlite's statement in better-sqlite3's shape: parameters as one array, `reader`, `busy`. */
class BuiltinStatementView implements EmbeddedStatement {
  readonly reader: boolean;
  private iterating = false;

  constructor(private readonly statement: BuiltinStatement) {
    this.reader = statement.columns().length > 0;
  }

  get busy(): boolean {
    return this.iterating;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.statement.all(...(parameters as unknown[]));
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement.run(...(parameters as unknown[]));
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    this.iterating = true;
    try {
      yield* this.statement.iterate(...(parameters as unknown[]));
    } finally {
      this.iterating = false;
    }
  }
}
