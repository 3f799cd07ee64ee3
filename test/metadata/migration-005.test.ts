// Migration 005 takes from a database what let it confirm a guess at an encrypted file: the MD5s of encrypted files
// and the bare SHA-256 naming server-encrypted blobs, keeping every file pointed at its blob.
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';
import { migrationProvider } from '../../src/metadata/migrations/index.js';

const SHA = 'a'.repeat(64);

describe('migration 005', () => {
  it('forgets the plain digests of encrypted files and renames server blobs, keeping each file on its blob', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: await openEmbeddedSqlite(':memory:') }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
      expect((await migrator.migrateTo('004-limits-encryption-dedup')).error).toBeUndefined();
      const upload = (id: string, encryption: string) =>
        sql`insert into uploads (id, created_at, ttl, extend_ttl, one_shot, stream, removable, comments, upload_token, encryption)
            values (${id}, 0, 0, 0, 0, 0, 0, '', ${`t${id}`}, ${encryption})`.execute(db);
      const file = (id: string, uploadId: string, md5: string, blobHash: string | null) =>
        sql`insert into files (id, upload_id, name, type, size, status, md5, created_at, download_limit, downloads_reserved, downloads_completed, blob_hash)
            values (${id}, ${uploadId}, 'f', '', 6, 'uploaded', ${md5}, 0, 0, 0, 0, ${blobHash})`.execute(db);
      await upload('plain', 'none');
      await upload('srv', 'server');
      await upload('lnk', 'link');
      await file('p1', 'plain', 'plainmd5', `none:${SHA}`);
      await file('s1', 'srv', 'servermd5', `server:${SHA}`);
      await file('s2', 'srv', 'servermd5', `server:${SHA}`);
      await file('l1', 'lnk', 'linkmd5', null);
      await sql`insert into blobs (hash, upload_id, file_id, size, refs) values (${`none:${SHA}`}, 'plain', 'p1', 6, 1), (${`server:${SHA}`}, 'srv', 's1', 6, 2)`.execute(
        db,
      );

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const files = (
        await sql<{ id: string; md5: string | null; blob_hash: string | null }>`select id, md5, blob_hash from files order by id`.execute(
          db,
        )
      ).rows;
      const blobs = (await sql<{ hash: string }>`select hash from blobs order by hash`.execute(db)).rows.map((r) => r.hash);
      expect(files.map((f) => [f.id, f.md5])).toEqual([
        ['l1', null],
        ['p1', 'plainmd5'],
        ['s1', null],
        ['s2', null],
      ]);
      expect(blobs).toHaveLength(2);
      expect(blobs).toContain(`none:${SHA}`);
      const renamed = blobs.find((h) => h.startsWith('server-legacy:'))!;
      expect(renamed).not.toContain(SHA);
      expect(files.filter((f) => f.blob_hash === renamed).map((f) => f.id)).toEqual(['s1', 's2']);
    } finally {
      await db.destroy();
    }
  });
});
