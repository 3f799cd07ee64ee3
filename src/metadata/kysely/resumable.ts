// Resumable file records over Kysely: one row per file being built; claims taken and kept by conditional UPDATEs,
// so that which request writes a file is decided by the database, whichever instance each request reached.
import type { Kysely, Selectable } from 'kysely';
import type { EncryptionMode } from '../../model/model.js';
import type { ResumableFile, ResumableFileRecords, ResumableProgress } from '../records/resumable.js';
import type { Database, ResumableFilesTable } from '../tables.js';

export class KyselyResumableFileRecords implements ResumableFileRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertResumableFile(file: ResumableFile): Promise<void> {
    await this.db
      .insertInto('resumable_files')
      .values({
        file_id: file.fileId,
        upload_id: file.uploadId,
        encryption: file.encryption,
        created_at: file.createdAt,
        ...progressRow(file),
      })
      .execute();
  }

  async findResumableFile(fileId: string): Promise<ResumableFile | undefined> {
    const row = await this.db.selectFrom('resumable_files').selectAll().where('file_id', '=', fileId).executeTakeFirst();
    return row && toResumableFile(row);
  }

  async resumableOffsets(uploadId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('resumable_files')
      .select(['file_id', 'upload_offset'])
      .where('upload_id', '=', uploadId)
      .execute();
    return new Map(rows.map((r) => [r.file_id, Number(r.upload_offset)]));
  }

  async claimResumableFile(fileId: string, offset: number, holder: string, now: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('resumable_files')
      .set({ claim_holder: holder, claim_until: until })
      .where('file_id', '=', fileId)
      .where('upload_offset', '=', offset)
      .where((eb) => eb.or([eb('claim_holder', 'is', null), eb('claim_until', '<=', now)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async advanceResumableFile(fileId: string, holder: string, progress: ResumableProgress, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('resumable_files')
      .set({ ...progressRow(progress), claim_until: until })
      .where('file_id', '=', fileId)
      .where('claim_holder', '=', holder)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async renewResumableClaim(fileId: string, holder: string, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('resumable_files')
      .set({ claim_until: until })
      .where('file_id', '=', fileId)
      .where('claim_holder', '=', holder)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseResumableClaim(fileId: string, holder: string): Promise<void> {
    await this.db
      .updateTable('resumable_files')
      .set({ claim_holder: null, claim_until: null })
      .where('file_id', '=', fileId)
      .where('claim_holder', '=', holder)
      .execute();
  }

  async deleteResumableFile(fileId: string, now: number, holder?: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('resumable_files')
      .where('file_id', '=', fileId)
      .where((eb) =>
        eb.or([
          eb('claim_holder', 'is', null),
          eb('claim_until', '<=', now),
          ...(holder === undefined ? [] : [eb('claim_holder', '=', holder)]),
        ]),
      )
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async staleResumableFiles(now: number, limit: number): Promise<ResumableFile[]> {
    const rows = await this.db
      .selectFrom('resumable_files')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now),
          eb.not(
            eb.exists(
              eb
                .selectFrom('files')
                .select('files.id')
                .whereRef('files.id', '=', 'resumable_files.file_id')
                .where('files.status', '=', 'uploading'),
            ),
          ),
        ]),
      )
      .limit(limit)
      .execute();
    return rows.map(toResumableFile);
  }
}

function progressRow(progress: ResumableProgress) {
  return {
    length: progress.length,
    upload_offset: progress.offset,
    store_state: JSON.stringify(progress.storeState ?? null),
    digest_state: JSON.stringify(progress.digestState ?? null),
    expires_at: progress.expiresAt,
  };
}

function toResumableFile(row: Selectable<ResumableFilesTable>): ResumableFile {
  return {
    fileId: row.file_id,
    uploadId: row.upload_id,
    encryption: row.encryption as EncryptionMode,
    length: row.length === null ? null : Number(row.length),
    offset: Number(row.upload_offset),
    storeState: JSON.parse(row.store_state) as unknown,
    digestState: JSON.parse(row.digest_state) as unknown,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}
