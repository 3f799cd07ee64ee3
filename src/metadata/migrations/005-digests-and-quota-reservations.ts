// Encrypted files keep no digest of their plain bytes, and a file being uploaded records when it last reserved
// bytes of its owner's quota. Released migrations never change: add a new file instead.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The MD5s kept so far of encrypted files would let a stolen database confirm a guess at their content.
  await sql`update files set md5 = null where upload_id in (select id from uploads where encryption <> 'none')`.execute(db);
  // So would the bare SHA-256 that named server-encrypted blobs (now an HMAC under the server key, which a migration
  // does not have): each gets a random name instead. New uploads of the same bytes no longer share them.
  const { rows } = await sql<{ hash: string }>`select hash from blobs where hash like 'server:%'`.execute(db);
  for (const { hash } of rows) {
    const renamed = `server-legacy:${randomBytes(16).toString('hex')}`;
    await sql`update blobs set hash = ${renamed} where hash = ${hash}`.execute(db);
    await sql`update files set blob_hash = ${renamed} where blob_hash = ${hash}`.execute(db);
  }
  // While a file is uploading, its size is the bytes it has reserved of its owner's quota (see reserveBytes).
  await db.schema.alterTable('files').addColumn('reserved_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').dropColumn('reserved_at').execute();
}
