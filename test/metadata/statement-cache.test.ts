// The prepared-statement cache under Kysely on SQLite: statements are reused, and whatever Kysely does with them
// (streams, transactions, failed statements, writes told from reads) works as with a statement prepared each time.
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { openEmbeddedSqlite, type EmbeddedDatabase } from '../../src/metadata/embedded-sqlite.js';
import { withStatementCache } from '../../src/metadata/statement-cache.js';

interface Schema {
  items: { id: number; name: string };
}

let database: EmbeddedDatabase;
let db: Kysely<Schema>;
let prepare: MockInstance<EmbeddedDatabase['prepare']>;

async function open(capacity?: number) {
  database = await openEmbeddedSqlite(':memory:');
  prepare = vi.spyOn(database, 'prepare');
  db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database, capacity) }) });
}

beforeEach(async () => {
  await open();
  await db.schema
    .createTable('items')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .execute();
  await db
    .insertInto('items')
    .values([1, 2, 3].map((id) => ({ id, name: `item ${id}` })))
    .execute();
  prepare.mockClear();
});
afterEach(() => db.destroy());

const byId = (id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();

describe('the statement cache', () => {
  it('prepares a query once and runs it again with other parameters', async () => {
    expect(await byId(1)).toEqual({ name: 'item 1' });
    expect(await byId(2)).toEqual({ name: 'item 2' });
    expect(await byId(3)).toEqual({ name: 'item 3' });
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('tells writes from reads as before: a cached update reports the rows it changed', async () => {
    const rename = (id: number) => db.updateTable('items').set({ name: 'renamed' }).where('id', '=', id).executeTakeFirst();
    expect((await rename(1)).numUpdatedRows).toBe(1n);
    expect((await rename(9)).numUpdatedRows).toBe(0n);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('streams through a cached statement', async () => {
    const query = db.selectFrom('items').select('name').where('id', '>', 0).orderBy('id');
    expect(await collect(query.stream())).toEqual(await query.execute());
    expect(await collect(query.stream())).toEqual([{ name: 'item 1' }, { name: 'item 2' }, { name: 'item 3' }]);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('prepares anew while the cached statement is still being iterated, and keeps the new one', () => {
    // Kysely hands its one SQLite connection to one query at a time, a stream included; the cache does not rely on it.
    const cache = withStatementCache(database);
    const text = 'select name from items order by id';
    const iterating = cache.prepare(text).iterate([]);
    iterating.next();
    const meanwhile = cache.prepare(text);
    expect(meanwhile.all([])).toHaveLength(3);
    expect([...iterating]).toHaveLength(2);
    expect(cache.prepare(text)).toBe(meanwhile);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('keeps statements usable after a transaction rolled back and after a statement failed', async () => {
    const insert = (id: number) =>
      db
        .insertInto('items')
        .values({ id, name: `item ${id}` })
        .execute();
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ id: 4, name: 'item 4' }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await byId(4)).toBeUndefined();
    await expect(insert(1)).rejects.toThrow(/UNIQUE/);
    await insert(4);
    expect(await byId(4)).toEqual({ name: 'item 4' });
    await db.transaction().execute((tx) => tx.insertInto('items').values({ id: 5, name: 'item 5' }).execute());
    expect(await byId(5)).toEqual({ name: 'item 5' });
  });

  it('holds no more statements than its capacity, dropping the least recently used', async () => {
    await db.destroy();
    await open(2);
    const count = (sqlText: string) => sql.raw(sqlText).execute(db);
    await count('select 1');
    await count('select 2');
    await count('select 1');
    await count('select 3'); // pushes out `select 2`, used longer ago than `select 1`
    await count('select 1');
    await count('select 2');
    expect(prepare.mock.calls.map(([text]) => text)).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });
});

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
