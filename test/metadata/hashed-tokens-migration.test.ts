// Migration 006 on a store that held tokens in clear: they keep working, and the rows hold only their hashes;
// and on every backend a login with trailing spaces is another login (MySQL's PAD SPACE collations made it the same).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectMetadataDatabase, migrate } from '../../src/metadata/open.js';
import { exportMetadata } from '../../src/metadata/transfer.js';
import { BACKEND } from '../helpers/backends.js';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';

const USER_TOKEN = '0f6c2b7e-5d1a-4c3b-9e8f-1a2b3c4d5e6f';
const UPLOAD_TOKEN = 'OldUploadTokenOldUploadTokenOldU';
const now = Date.now();

let storage: TestStorage;
let ferry: TestFerry;
let dumped = '';

beforeAll(async () => {
  storage = await createTestStorage();
  const { config } = loadConfig({ flags: { LogLevel: 'silent', ...storage.options } });
  const { db, dialect } = await connectMetadataDatabase(config);
  try {
    await migrate(db, dialect, '004-limits-encryption-dedup');
    await sql`insert into users (id, provider, login, password_hash, name, email, is_admin, max_file_size, max_user_size, max_ttl, created_at)
      values ('local:bobby1', 'local', 'bobby1', null, '', '', 0, 0, 0, 0, ${now})`.execute(db);
    await sql`insert into tokens (token, user_id, comment, created_at) values (${USER_TOKEN}, 'local:bobby1', 'old', ${now})`.execute(db);
    await sql`insert into uploads (id, created_at, expire_at, ttl, extend_ttl, one_shot, stream, removable, login, password_hash, comments,
        upload_token, user_id, token_id, remote_ip, deleted_at)
      values ('oldupload0000001', ${now}, null, 0, 0, 0, 0, 0, null, null, '', ${UPLOAD_TOKEN}, 'local:bobby1', ${USER_TOKEN}, null, null)`.execute(
      db,
    );
    // More than SQLite's page of rows, which it hashes in code.
    const more = Array.from({ length: 1100 }, (_, i) => {
      const id = `more${String(i).padStart(12, '0')}`;
      return sql`(${id}, ${now}, null, 0, 0, 0, 0, 0, null, null, '', ${`MoreUploadToken${id}`}, null, null, null, null)`;
    });
    await sql`insert into uploads (id, created_at, expire_at, ttl, extend_ttl, one_shot, stream, removable, login, password_hash, comments,
        upload_token, user_id, token_id, remote_ip, deleted_at) values ${sql.join(more)}`.execute(db);
    await migrate(db, dialect);
    const padded = await sql<{ id: string }>`select id from users where id = 'local:bobby1   '`.execute(db);
    expect(padded.rows, `${BACKEND} compares with PAD SPACE`).toEqual([]);
    for await (const line of exportMetadata(db)) dumped += line;
  } finally {
    await db.destroy();
  }
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' }, { storage });
});
afterAll(async () => {
  await ferry?.close();
  await storage.release();
});

describe(`migration 006 on ${BACKEND}`, () => {
  it('keeps no token in clear', () => {
    expect(dumped).toContain('oldupload0000001');
    expect(dumped).not.toContain(USER_TOKEN);
    expect(dumped).not.toContain(UPLOAD_TOKEN);
    expect(dumped).toContain('more000000001099');
    expect(dumped).not.toContain('MoreUploadToken');
  });

  it('keeps the tokens working, and the uploads made with a user token listed under it', async () => {
    const token = { 'X-PlikToken': USER_TOKEN };
    expect(await (await fetch(`${ferry.url}/me`, { headers: token })).json()).toMatchObject({ id: 'local:bobby1' });
    const upload = await (await fetch(`${ferry.url}/upload/oldupload0000001`, { headers: { 'X-UploadToken': UPLOAD_TOKEN } })).json();
    expect(upload).toMatchObject({ admin: true, uploadToken: UPLOAD_TOKEN });
    const listed = await (await fetch(`${ferry.url}/me/uploads?token=${USER_TOKEN.slice(0, 8)}`, { headers: token })).json();
    expect(listed.results).toMatchObject([{ id: 'oldupload0000001', token: USER_TOKEN.slice(0, 8) }]);
  });
});
