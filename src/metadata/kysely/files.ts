// File records over Kysely. Completing a file may take a reference on a blob in the same transaction: whether the
// file is done is decided here, the blob's counting by blobs.ts (takeBlob).
import type { Kysely } from 'kysely';
import type { FileStatus, UploadFile } from '../../model/model.js';
import type { BlobClaim, Completion, FileRecords, FileRef } from '../records/files.js';
import type { Database } from '../tables.js';
import { takeBlob } from './blobs.js';
import { prepared } from './prepared.js';
import { filesQuery, moveFile, retried } from './queries.js';
import { fileRow, toFile } from './rows.js';

const LIVE_FILE_STATUSES: FileStatus[] = ['missing', 'uploading', 'uploaded', 'quarantined'];

export class KyselyFileRecords implements FileRecords {
  /** One upload's files: every GET /upload/:id and download asks. */
  private readonly filesOfUpload;

  constructor(private readonly db: Kysely<Database>) {
    this.filesOfUpload = prepared(db, (db, uploadId: string) => filesQuery(db, [uploadId]));
  }

  async listFiles(uploadId: string): Promise<UploadFile[]> {
    return (await this.filesOfUpload(uploadId)).map(toFile);
  }

  async findFile(uploadId: string, fileId: string): Promise<UploadFile | undefined> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', fileId).where('upload_id', '=', uploadId).executeTakeFirst();
    return row && toFile(row);
  }

  async findFileById(fileId: string): Promise<UploadFile | undefined> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
    return row && toFile(row);
  }

  async insertFile(file: UploadFile, maxFiles: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      // Lock the upload row where the dialect can, so two parallel adds cannot both pass the count.
      await tx.updateTable('uploads').set({ id: file.uploadId }).where('id', '=', file.uploadId).execute();
      const { count } = await tx
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('upload_id', '=', file.uploadId)
        .where('status', 'in', LIVE_FILE_STATUSES)
        .executeTakeFirstOrThrow();
      if (Number(count) >= maxFiles) return false;
      await tx.insertInto('files').values(fileRow(file)).execute();
      return true;
    });
  }

  transitionFile(
    fileId: string,
    from: FileStatus[],
    to: FileStatus,
    changes?: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>>,
  ): Promise<boolean> {
    return moveFile(this.db, fileId, from, to, changes);
  }

  async completeFile(
    file: FileRef,
    to: FileStatus,
    changes: Pick<UploadFile, 'size' | 'md5' | 'type'>,
    blob?: BlobClaim,
  ): Promise<Completion | undefined> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        const moved = await tx
          .updateTable('files')
          .set({ status: to, ...changes })
          .where('id', '=', file.fileId)
          .where('status', '=', 'uploading')
          .executeTakeFirst();
        if (moved.numUpdatedRows === 0n) return undefined;
        if (!blob) return { blobHash: null, shared: false };
        const shared = await takeBlob(tx, blob.hash);
        // A dead blob still holds the hash: this file keeps its bytes to itself, unshared.
        if (shared === 'dead') return { blobHash: null, shared: false };
        if (!shared) {
          // Two uploads of new content racing here: one insert fails (duplicate key, or MySQL's deadlock), and
          // its retry finds the other's blob.
          await tx
            .insertInto('blobs')
            .values({ hash: blob.hash, upload_id: file.uploadId, file_id: file.fileId, size: blob.size, refs: 1 })
            .execute();
        }
        await tx.updateTable('files').set({ blob_hash: blob.hash }).where('id', '=', file.fileId).execute();
        return { blobHash: blob.hash, shared };
      }),
    );
  }
}
