// A query compiled once and run with each call's values answers as the same query built for those values would, and
// refuses to be prepared when an argument does not reach the SQL as exactly one parameter.
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import { prepared } from '../../src/metadata/kysely/prepared.js';

interface Schema {
  items: { id: string; size: number };
}

let db: Kysely<Schema>;

beforeEach(async () => {
  db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: await openEmbeddedSqlite(':memory:') }) });
  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer')
    .execute();
  await db
    .insertInto('items')
    .values([1, 2, 3].map((n) => ({ id: `item-${n}`, size: n * 10 })))
    .execute();
});
afterEach(() => db.destroy());

describe('prepared', () => {
  it("runs the query with each call's values", async () => {
    const smallerThan = prepared(db, (db, id: string, size: number) =>
      db.selectFrom('items').select('id').where('id', '!=', id).where('size', '<', size).orderBy('id'),
    );
    expect(await smallerThan('item-1', 25)).toEqual([{ id: 'item-2' }]);
    expect(await smallerThan('item-3', 100)).toEqual([{ id: 'item-1' }, { id: 'item-2' }]);
    expect(await smallerThan('item-2', 5)).toEqual([]);
  });

  it('refuses an argument that is not one parameter of the query', async () => {
    const twice = prepared(db, (db, id: string) => db.selectFrom('items').select('id').where('id', '>', id).where('id', '<', id));
    await expect(twice('item-1')).rejects.toThrow(/2 parameters/);
    const unused = prepared(db, (db, _size: number) => db.selectFrom('items').select('id'));
    await expect(unused(10)).rejects.toThrow(/0 parameters/);
  });
});
