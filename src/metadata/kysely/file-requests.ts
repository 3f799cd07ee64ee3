// File request records over Kysely: each limit is one conditional UPDATE of the request's row (the database
// decides which of two racing senders gets the last file or byte), a submission's link inserted with its count, a
// file's reservation row changed in the same transaction as the counters it holds.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FileRequest, RequestSubmission, SenderFieldMode } from '../../model/file-requests.js';
import type { BytesReserved, FileRequestRecords, RequestReservationRef } from '../records/file-requests.js';
import type { Database, FileRequestsTable, RequestUploadsTable } from '../tables.js';
import { retried } from './queries.js';

export class KyselyFileRequestRecords implements FileRequestRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertFileRequest(request: FileRequest): Promise<void> {
    await this.db.insertInto('file_requests').values(requestRow(request)).execute();
  }

  async findFileRequest(id: string): Promise<FileRequest | undefined> {
    const row = await this.db.selectFrom('file_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFileRequest(row);
  }

  async listFileRequests(userId: string): Promise<FileRequest[]> {
    const rows = await this.db
      .selectFrom('file_requests')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toFileRequest);
  }

  async closeFileRequest(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('file_requests')
      .set({ closed_at: now })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deleteFileRequest(id: string): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      const uploads = await tx.selectFrom('request_uploads').select('upload_id').where('request_id', '=', id).execute();
      await tx.deleteFrom('request_uploads').where('request_id', '=', id).execute();
      await tx.deleteFrom('request_reservations').where('request_id', '=', id).execute();
      await tx.deleteFrom('file_requests').where('id', '=', id).execute();
      return uploads.map((u) => u.upload_id);
    });
  }

  async openSubmission(submission: RequestSubmission, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const counted = await tx
        .updateTable('file_requests')
        .set((eb) => ({ submissions: eb('submissions', '+', 1) }))
        .where('id', '=', submission.requestId)
        .where('closed_at', 'is', null)
        .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
        .where((eb) => eb.or([eb('reusable', '=', 1), eb('submissions', '=', 0)]))
        .executeTakeFirst();
      if (counted.numUpdatedRows === 0n) return false;
      await tx.insertInto('request_uploads').values(submissionRow(submission)).execute();
      return true;
    });
  }

  async cancelSubmission({ requestId, uploadId }: Pick<RequestSubmission, 'requestId' | 'uploadId'>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const removed = await tx.deleteFrom('request_uploads').where('upload_id', '=', uploadId).executeTakeFirst();
      if (removed.numDeletedRows === 0n) return;
      await tx
        .updateTable('file_requests')
        .set((eb) => ({ submissions: eb('submissions', '-', 1) }))
        .where('id', '=', requestId)
        .execute();
    });
  }

  async listSubmissions(requestId: string): Promise<RequestSubmission[]> {
    const rows = await this.db
      .selectFrom('request_uploads')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('upload_id')
      .execute();
    return rows.map(toSubmission);
  }

  async takeRequestFile({ id, requestId }: RequestReservationRef, now: number, expiresAt: number): Promise<boolean> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        const result = await tx
          .updateTable('file_requests')
          .set((eb) => ({ files_taken: eb('files_taken', '+', 1) }))
          .where('id', '=', requestId)
          .where('closed_at', 'is', null)
          .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
          .where((eb) => eb.or([eb('max_files', '=', 0), eb('files_taken', '<', eb.ref('max_files'))]))
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        await tx
          .insertInto('request_reservations')
          .values({ id, request_id: requestId, files: 1, bytes: 0, expires_at: expiresAt })
          .execute();
        return true;
      }),
    );
  }

  async reserveRequestBytes({ id, requestId }: RequestReservationRef, bytes: number, expiresAt: number): Promise<BytesReserved> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        // The reservation first: its row stays locked until the end, so the sweep cannot give it back meanwhile.
        const held = await tx
          .updateTable('request_reservations')
          .set((eb) => ({ bytes: eb('bytes', '+', bytes), expires_at: expiresAt }))
          .where('id', '=', id)
          .executeTakeFirst();
        if (held.numUpdatedRows === 0n) return 'expired';
        const result = await tx
          .updateTable('file_requests')
          .set((eb) => ({ bytes_taken: eb('bytes_taken', '+', bytes) }))
          .where('id', '=', requestId)
          .where((eb) => eb.or([eb('max_total_size', '=', 0), eb(eb('bytes_taken', '+', bytes), '<=', eb.ref('max_total_size'))]))
          .executeTakeFirst();
        if (result.numUpdatedRows > 0n) return 'reserved';
        await tx
          .updateTable('request_reservations')
          .set((eb) => ({ bytes: eb('bytes', '-', bytes) }))
          .where('id', '=', id)
          .execute();
        return 'full';
      }),
    );
  }

  async renewRequestReservation(id: string, expiresAt: number): Promise<boolean> {
    const result = await this.db.updateTable('request_reservations').set({ expires_at: expiresAt }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async settleRequestReservation({ id, requestId }: RequestReservationRef, keptBytes: number | null): Promise<void> {
    await retried(() =>
      this.db.transaction().execute(async (tx) => {
        if (await giveBackReservation(tx, id, { files: keptBytes === null ? 0 : 1, bytes: keptBytes ?? 0 })) return;
        // Expired and given back while its file went on (a stall of longer than the expiry): a file that arrived is
        // counted again, as it is there, even if another took its place meanwhile.
        if (keptBytes === null) return;
        await tx
          .updateTable('file_requests')
          .set((eb) => ({ files_taken: eb('files_taken', '+', 1), bytes_taken: eb('bytes_taken', '+', keptBytes) }))
          .where('id', '=', requestId)
          .execute();
      }),
    );
  }

  async releaseExpiredRequestReservations(now: number, limit: number): Promise<number> {
    return releaseReservations(this.db, now, limit);
  }
}

/** Gives back up to `limit` reservations expired at `now`, each in its own transaction; how many. */
async function releaseReservations(db: Kysely<Database>, now: number, limit: number): Promise<number> {
  const expired = await db
    .selectFrom('request_reservations')
    .select('id')
    .where('expires_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  let released = 0;
  for (const { id } of expired) {
    // One renewed meanwhile (its file is live after all) stays.
    if (await retried(() => db.transaction().execute((tx) => giveBackReservation(tx, id, { files: 0, bytes: 0 }, now)))) released++;
  }
  return released;
}

/**
 * Deletes a reservation (only if expired at `expiredAt`, when given) and takes what it held off its request's
 * counters but `kept` (what a completed file keeps); false when it is not there (or not expired).
 */
async function giveBackReservation(
  tx: Transaction<Database>,
  id: string,
  kept: { files: number; bytes: number },
  expiredAt = Infinity,
): Promise<boolean> {
  // Locks the row where the dialect can, so that a renewal or a reservation of more bytes waits for this decision.
  let lock = tx
    .updateTable('request_reservations')
    .set((eb) => ({ expires_at: eb.ref('expires_at') }))
    .where('id', '=', id);
  if (expiredAt !== Infinity) lock = lock.where('expires_at', '<=', expiredAt);
  if ((await lock.executeTakeFirst()).numUpdatedRows === 0n) return false;
  const row = await tx.selectFrom('request_reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await tx.deleteFrom('request_reservations').where('id', '=', id).execute();
  const files = row.files - kept.files;
  const bytes = Number(row.bytes) - kept.bytes;
  if (files === 0 && bytes === 0) return true;
  await tx
    .updateTable('file_requests')
    .set((eb) => ({ files_taken: eb('files_taken', '-', files), bytes_taken: eb('bytes_taken', '-', bytes) }))
    .where('id', '=', row.request_id)
    .execute();
  return true;
}

function requestRow(r: FileRequest): FileRequestsTable {
  return {
    id: r.id,
    user_id: r.userId,
    title: r.title,
    message: r.message,
    created_at: r.createdAt,
    expire_at: r.expireAt,
    closed_at: r.closedAt,
    max_files: r.maxFiles,
    max_file_size: r.maxFileSize,
    max_total_size: r.maxTotalSize,
    // Neither an extension nor a MIME type holds a comma.
    allowed_types: r.allowedTypes.join(','),
    password_hash: r.passwordHash,
    name_field: r.nameField,
    email_field: r.emailField,
    reusable: r.reusable ? 1 : 0,
    files_taken: r.filesTaken,
    bytes_taken: r.bytesTaken,
    submissions: r.submissions,
  };
}

function toFileRequest(r: Selectable<FileRequestsTable>): FileRequest {
  return {
    id: r.id,
    userId: r.user_id,
    title: r.title,
    message: r.message,
    createdAt: Number(r.created_at),
    expireAt: r.expire_at === null ? null : Number(r.expire_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    maxFiles: r.max_files,
    maxFileSize: Number(r.max_file_size),
    maxTotalSize: Number(r.max_total_size),
    allowedTypes: r.allowed_types === '' ? [] : r.allowed_types.split(','),
    passwordHash: r.password_hash,
    nameField: r.name_field as SenderFieldMode,
    emailField: r.email_field as SenderFieldMode,
    reusable: r.reusable === 1,
    filesTaken: r.files_taken,
    bytesTaken: Number(r.bytes_taken),
    submissions: r.submissions,
  };
}

const submissionRow = (s: RequestSubmission): RequestUploadsTable => ({
  upload_id: s.uploadId,
  request_id: s.requestId,
  sender_name: s.senderName,
  sender_email: s.senderEmail,
  created_at: s.createdAt,
});

const toSubmission = (r: Selectable<RequestUploadsTable>): RequestSubmission => ({
  uploadId: r.upload_id,
  requestId: r.request_id,
  senderName: r.sender_name,
  senderEmail: r.sender_email,
  createdAt: Number(r.created_at),
});
