// The embedded SQLite's driver: Node's own where this Node has it whole, better-sqlite3 before, the same behaviour
// from both under Kysely (the rest of the suite runs the store on whichever this Node takes).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedDriver, openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ferry-sqlite-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the embedded SQLite', () => {
  it("takes node:sqlite from Node 22.16 and 23.11 on, better-sqlite3 before (Node 24's GC aborts on better-sqlite3 12's statements)", async () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const whole = major > 23 || (major === 23 && minor >= 11) || (major === 22 && minor >= 16);
    expect(await embeddedDriver()).toBe(whole ? 'node:sqlite' : 'better-sqlite3');
  });

  it('tells reads from writes, binds parameters as one array, and keeps what it wrote', async () => {
    const file = path.join(dir, 'ferry.db');
    const db = await openEmbeddedSqlite(file);
    db.exec('create table items (id integer primary key, name text)');
    const insert = db.prepare('insert into items (id, name) values (?, ?)');
    expect(insert.reader).toBe(false);
    expect(insert.run([1, 'one'])).toMatchObject({ changes: 1 });
    const select = db.prepare('select name from items where id = ?');
    expect(select.reader).toBe(true);
    expect(select.all([1])).toEqual([{ name: 'one' }]);
    db.close();
    const again = await openEmbeddedSqlite(file, { readOnly: true });
    expect(again.prepare('select count(*) as n from items').all([])).toEqual([{ n: 1 }]);
    expect(() => again.prepare("insert into items (id, name) values (2, 'two')").run([])).toThrow(/readonly/i);
    again.close();
  });

  it('is busy while an iteration is under way, and free once it ends or is left', async () => {
    const db = await openEmbeddedSqlite(':memory:');
    db.exec('create table items (id integer); insert into items values (1), (2), (3)');
    const select = db.prepare('select id from items order by id');
    const rows = select.iterate([]);
    expect(rows.next().value).toEqual({ id: 1 });
    expect(select.busy).toBe(true);
    expect([...rows]).toEqual([{ id: 2 }, { id: 3 }]);
    expect(select.busy).toBe(false);
    const left = select.iterate([]);
    left.next();
    left.return?.(undefined);
    expect(select.busy).toBe(false);
    db.close();
  });
});
