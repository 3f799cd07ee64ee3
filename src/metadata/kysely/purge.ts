// The purge queue over Kysely: uploads and files waiting for their data to go, and the reset of what a dead
// server left half-done (files uploading, download slots unsettled), which the cleanup job does at a start.
import { sql, type Kysely } from 'kysely';
import type { FileRef } from '../records/files.js';
import type { PurgeCandidate, PurgeQueue } from '../records/purge.js';
import type { Database } from '../tables.js';

/** The files or bytes a request's reservations hold, as a subquery of an UPDATE of its row. */
const heldBy = (column: 'files' | 'bytes') =>
  sql`(select coalesce(sum(${sql.ref(`request_reservations.${column}`)}), 0) from request_reservations where request_reservations.request_id = file_requests.id)`;

export class KyselyPurgeQueue implements PurgeQueue {
  constructor(private readonly db: Kysely<Database>) {}

  async uploadsToPurge(now: number, limit: number): Promise<PurgeCandidate[]> {
    const rows = await this.db
      .selectFrom('uploads')
      .select(['id', 'deleted_at'])
      .where((eb) => eb.or([eb('deleted_at', 'is not', null), eb('expire_at', '<=', now)]))
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, deleted: r.deleted_at !== null }));
  }

  async deleteUploadRows(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('files').where('upload_id', '=', id).execute();
      await tx.deleteFrom('download_notifications').where('upload_id', '=', id).execute();
      await tx.deleteFrom('uploads').where('id', '=', id).execute();
    });
  }

  async filesToPurge(limit: number): Promise<FileRef[]> {
    const rows = await this.db.selectFrom('files').select(['id', 'upload_id']).where('status', '=', 'removed').limit(limit).execute();
    return rows.map((r) => ({ uploadId: r.upload_id, fileId: r.id }));
  }

  async resetInterrupted(): Promise<{ uploads: number; downloads: number; reservations: number }> {
    // A file being built over several requests goes on from its last durable offset: only its claim is undone.
    const uploads = await this.db
      .updateTable('files')
      .set({ status: 'missing', size: 0 })
      .where('status', '=', 'uploading')
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('resumable_files').select('file_id').whereRef('resumable_files.file_id', '=', 'files.id'))),
      )
      .executeTakeFirst();
    await this.db
      .updateTable('resumable_files')
      .set({ claim_holder: null, claim_until: null })
      .where('claim_holder', 'is not', null)
      .execute();
    const downloads = await this.db
      .updateTable('files')
      .set({ downloads_reserved: sql`downloads_completed` })
      .where('downloads_reserved', '>', sql<number>`downloads_completed`)
      .executeTakeFirst();
    // What files being sent to file requests held of their counters: none of them is in flight any more.
    await this.db
      .updateTable('file_requests')
      .set({ files_taken: sql`files_taken - ${heldBy('files')}`, bytes_taken: sql`bytes_taken - ${heldBy('bytes')}` })
      .where('id', 'in', (eb) => eb.selectFrom('request_reservations').select('request_id'))
      .execute();
    const reservations = await this.db.deleteFrom('request_reservations').executeTakeFirst();
    return {
      uploads: Number(uploads.numUpdatedRows),
      downloads: Number(downloads.numUpdatedRows),
      reservations: Number(reservations.numDeletedRows),
    };
  }
}
