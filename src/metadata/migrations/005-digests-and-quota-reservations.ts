// Encrypted files keep no digest of their plain bytes, and a file being uploaded records when it last reserved
// bytes of its owner's quota. Released migrations never change: add a new file instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The MD5s kept so far of encrypted files would let a stolen database confirm a guess at their content.
  await sql`update files set md5 = null where upload_id in (select id from uploads where encryption <> 'none')`.execute(db);
  // While a file is uploading, its size is the bytes it has reserved of its owner's quota (see reserveBytes).
  await db.schema.alterTable('files').addColumn('reserved_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').dropColumn('reserved_at').execute();
}
