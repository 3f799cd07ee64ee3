// Blob records over Kysely: the reference counts of deduplicated bytes, taken (takeBlob, by a file's completion) and
// dropped (releaseFile) here alone. Taking a file out moves the file too, in the same transaction: what it decides is
// whether the blob lost its last reference.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { FileStatus } from '../../model/model.js';
import type { BlobRecords, DeadBlob, Release, StoredData } from '../records/blobs.js';
import type { FileRef } from '../records/files.js';
import type { Database } from '../tables.js';
import { retried } from './queries.js';

export class KyselyBlobRecords implements BlobRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async releaseFile(fileId: string, from: FileStatus[]): Promise<Release | undefined> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        const moved = await tx
          .updateTable('files')
          .set({ status: 'deleted' })
          .where('id', '=', fileId)
          .where('status', 'in', from)
          .executeTakeFirst();
        if (moved.numUpdatedRows === 0n) return undefined;
        // Read after the update, which holds the row: blob_hash is set only by completeFile on an uploading file.
        const { blob_hash: hash } = await tx.selectFrom('files').select('blob_hash').where('id', '=', fileId).executeTakeFirstOrThrow();
        if (!hash) return { blobHash: null };
        await tx.updateTable('blobs').set({ refs: sql`refs - 1` }).where('hash', '=', hash).execute();
        // A blob at 0 stays as a record of bytes to free until they are gone (deadBlobs finds it after a crash).
        const blob = await tx.selectFrom('blobs').select(['upload_id', 'file_id', 'refs']).where('hash', '=', hash).executeTakeFirst();
        const dead = blob !== undefined && blob.refs <= 0;
        return { blobHash: hash, deadBlob: dead ? { hash, uploadId: blob.upload_id, fileId: blob.file_id } : undefined };
      }),
    );
  }

  async findBlob(hash: string): Promise<FileRef | undefined> {
    const row = await this.db.selectFrom('blobs').select(['upload_id', 'file_id']).where('hash', '=', hash).executeTakeFirst();
    return row && { uploadId: row.upload_id, fileId: row.file_id };
  }

  async deadBlobs(limit: number): Promise<DeadBlob[]> {
    const rows = await this.db.selectFrom('blobs').select(['hash', 'upload_id', 'file_id']).where('refs', '<=', 0).limit(limit).execute();
    return rows.map((r) => ({ hash: r.hash, uploadId: r.upload_id, fileId: r.file_id }));
  }

  async deleteDeadBlob(blob: DeadBlob): Promise<void> {
    await this.db
      .deleteFrom('blobs')
      .where('hash', '=', blob.hash)
      .where('upload_id', '=', blob.uploadId)
      .where('file_id', '=', blob.fileId)
      .where('refs', '<=', 0)
      .execute();
  }

  async *storedData(pageSize = 500): AsyncGenerator<StoredData> {
    // A deduplicated file's bytes are its blob's, listed after the files.
    const files = inPages(
      pageSize,
      (after) =>
        this.db
          .selectFrom('files')
          .select(['id', 'upload_id', 'size'])
          .where('status', '=', 'uploaded')
          .where('blob_hash', 'is', null)
          .where('id', '>', after)
          .orderBy('id')
          .limit(pageSize)
          .execute(),
      (row) => row.id,
    );
    for await (const row of files) yield { uploadId: row.upload_id, fileId: row.id, size: Number(row.size) };
    const blobs = inPages(
      pageSize,
      (after) =>
        this.db
          .selectFrom('blobs')
          .select(['hash', 'upload_id', 'file_id', 'size'])
          .where('refs', '>', 0)
          .where('hash', '>', after)
          .orderBy('hash')
          .limit(pageSize)
          .execute(),
      (row) => row.hash,
    );
    for await (const row of blobs) yield { uploadId: row.upload_id, fileId: row.file_id, size: Number(row.size) };
  }
}

/**
 * Takes a reference on the live blob with this hash (refs > 0): true; false when there is none; 'dead' when one
 * whose last reference went (refs 0, its bytes about to go) holds the hash, or the blob kept changing under us
 * (keeping one's own bytes unshared is always safe).
 */
export async function takeBlob(tx: Transaction<Database>, hash: string): Promise<boolean | 'dead'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await tx
      .updateTable('blobs')
      .set({ refs: sql`refs + 1` })
      .where('hash', '=', hash)
      .where('refs', '>', 0)
      .executeTakeFirst();
    if (taken.numUpdatedRows > 0n) return true;
    const existing = await tx.selectFrom('blobs').select('refs').where('hash', '=', hash).executeTakeFirst();
    if (!existing) return false;
    if (existing.refs <= 0) return 'dead';
    // A blob committed between the two statements (PostgreSQL reads each at its own start): take it now.
  }
  return 'dead';
}

/** Rows a page at a time, each page the rows after the last key of the one before (keyset pagination). */
async function* inPages<Row>(pageSize: number, page: (after: string) => Promise<Row[]>, keyOf: (row: Row) => string): AsyncGenerator<Row> {
  for (let after = ''; ; ) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows.at(-1)!);
  }
}
