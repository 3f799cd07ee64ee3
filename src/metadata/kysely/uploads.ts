// Upload records over Kysely. Creating, re-terming and deleting an upload write its files' rows too, in the same
// transaction: what becomes of the files is the upload's decision there.
import type { Kysely } from 'kysely';
import type { Upload, UploadFile } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';
import type { UploadFilter, UploadListFilter, UploadRecords, UploadStats, UploadTerms } from '../records/uploads.js';
import type { Database } from '../tables.js';
import { uploadFeatures, uploadOrder } from './list-orders.js';
import { prepared } from './prepared.js';
import { filesOf, heldFiles, liveUploads, pageOf } from './queries.js';
import { fileRow, toUpload, uploadRow } from './rows.js';

export class KyselyUploadRecords implements UploadRecords {
  /** A live upload by id: every request to an upload or its files looks it up. */
  private readonly liveUpload;

  constructor(private readonly db: Kysely<Database>) {
    this.liveUpload = prepared(db, (db, id: string, now: number) =>
      db
        .selectFrom('uploads')
        .selectAll()
        .where('id', '=', id)
        .where((eb) => liveUploads(eb, {}, now)),
    );
  }

  async createUpload(upload: Upload, files: UploadFile[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('uploads').values(uploadRow(upload)).execute();
      if (files.length > 0) await tx.insertInto('files').values(files.map(fileRow)).execute();
    });
  }

  async findLiveUpload(id: string, now: number): Promise<Upload | undefined> {
    const [row] = await this.liveUpload(id, now);
    return row && toUpload(row);
  }

  async listUploads(filter: UploadListFilter, page: Page, now: number): Promise<Slice<Upload>> {
    const listed = this.db
      .selectFrom('uploads')
      .selectAll()
      .where((eb) => liveUploads(eb, filter, now))
      .where((eb) => uploadFeatures(eb, filter.features ?? {}));
    return pageOf(listed, page, [(eb) => uploadOrder(eb, page.sort), 'id'], toUpload);
  }

  listFilesOf(uploadIds: string[]): Promise<UploadFile[]> {
    return filesOf(this.db, uploadIds);
  }

  async markUploadsDeleted(filter: UploadFilter, now: number): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const ids = (
        await tx
          .selectFrom('uploads')
          .select('id')
          .where((eb) => liveUploads(eb, filter, now))
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx.updateTable('uploads').set({ deleted_at: now }).where('id', 'in', ids).execute();
      await tx.updateTable('files').set({ status: 'removed' }).where('upload_id', 'in', ids).where('status', '!=', 'deleted').execute();
      return ids.length;
    });
  }

  async uploadStats(filter: UploadFilter, now: number): Promise<UploadStats> {
    // Uploads, files and bytes all from the files held: an upload whose files all went (a oneShot downloaded,
    // each file removed) holds nothing and counts for nothing, on every page that shows these numbers.
    const held = await heldFiles(this.db, filter, now)
      .select((eb) => [
        eb.fn.count<number | string>('uploads.id').distinct().as('uploads'),
        eb.fn.countAll<number | string>().as('files'),
        eb.fn.sum<number | string | null>('files.size').as('size'),
      ])
      .executeTakeFirstOrThrow();
    return { uploads: Number(held.uploads), files: Number(held.files), totalSize: Number(held.size ?? 0) };
  }

  async setExpireAt(id: string, expireAt: number | null): Promise<void> {
    await this.db.updateTable('uploads').set({ expire_at: expireAt }).where('id', '=', id).execute();
  }

  async setUploadTerms(id: string, terms: UploadTerms, downloadLimit: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('uploads')
        .set({
          ttl: terms.ttl,
          expire_at: terms.expireAt,
          max_downloads: terms.maxDownloads,
          login: terms.login,
          password_hash: terms.passwordHash,
        })
        .where('id', '=', id)
        .execute();
      await tx.updateTable('files').set({ download_limit: downloadLimit }).where('upload_id', '=', id).execute();
    });
  }

  async markUploadDeleted(id: string, now: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('uploads').set({ deleted_at: now }).where('id', '=', id).execute();
      await tx.updateTable('files').set({ status: 'removed' }).where('upload_id', '=', id).where('status', '!=', 'deleted').execute();
    });
  }
}
