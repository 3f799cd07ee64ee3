// The MetadataStore over Kysely: the same queries for SQLite, PostgreSQL and MySQL.
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { EncryptionMode, FileStatus, Upload, UploadFile } from '../model/model.js';
import type { Page, Slice } from '../model/paging.js';
import { addActivity, dailyActivity } from './kysely-activity.js';
import { KyselyAccountRecords, slice } from './kysely-accounts.js';
import type { SqlDialect } from './migrations/dialect.js';
import type { ActivityCounts, DailyActivity } from './records/activity.js';
import type { DeadBlob, Release, StoredData } from './records/blobs.js';
import type { BlobClaim, Completion, FileRef } from './records/files.js';
import type { PurgeCandidate } from './records/purge.js';
import type { UploadFilter, UploadStats, UploadTerms } from './records/uploads.js';
import type { MetadataStore } from './store.js';
import type { Database, FilesTable, UploadsTable } from './tables.js';

const LIVE_FILE_STATUSES: FileStatus[] = ['missing', 'uploading', 'uploaded'];

export class KyselyMetadataStore extends KyselyAccountRecords implements MetadataStore {
  constructor(
    db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {
    super(db);
  }

  async createUpload(upload: Upload, files: UploadFile[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('uploads').values(uploadRow(upload)).execute();
      if (files.length > 0) await tx.insertInto('files').values(files.map(fileRow)).execute();
    });
  }

  async findLiveUpload(id: string, now: number): Promise<Upload | undefined> {
    const row = await this.db
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => liveUploads(eb, {}, now))
      .executeTakeFirst();
    return row && toUpload(row);
  }

  async listUploads(filter: UploadFilter, page: Page, now: number): Promise<Slice<Upload>> {
    const rows = await this.db
      .selectFrom('uploads')
      .selectAll()
      .where((eb) => liveUploads(eb, filter, now))
      .orderBy('created_at', page.order)
      .orderBy('id', page.order)
      .limit(page.limit + 1)
      .offset(page.offset)
      .execute();
    return slice(rows.map(toUpload), page);
  }

  async listFilesOf(uploadIds: string[]): Promise<UploadFile[]> {
    if (uploadIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('files')
      .selectAll()
      .where('upload_id', 'in', uploadIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toFile);
  }

  async markUploadsDeleted(filter: UploadFilter, now: number): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const ids = (await tx.selectFrom('uploads').select('id').where((eb) => liveUploads(eb, filter, now)).execute()).map((r) => r.id);
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

  async addActivity(day: string, scopes: string[], counts: Partial<ActivityCounts>): Promise<void> {
    // MySQL may deadlock two first inserts of one day's row: the loser's retry adds to the winner's.
    await retried(() => addActivity(this.db, this.dialect, day, scopes, counts));
  }

  dailyActivity(scope: string, fromDay: string): Promise<DailyActivity[]> {
    return dailyActivity(this.db, scope, fromDay);
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
      await tx
        .updateTable('files')
        .set({ status: 'removed' })
        .where('upload_id', '=', id)
        .where('status', '!=', 'deleted')
        .execute();
    });
  }

  async listFiles(uploadId: string): Promise<UploadFile[]> {
    const rows = await this.db
      .selectFrom('files')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toFile);
  }

  async findFile(uploadId: string, fileId: string): Promise<UploadFile | undefined> {
    const row = await this.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', fileId)
      .where('upload_id', '=', uploadId)
      .executeTakeFirst();
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

  async transitionFile(
    fileId: string,
    from: FileStatus[],
    to: FileStatus,
    changes: Partial<Pick<UploadFile, 'size' | 'md5' | 'type' | 'name'>> = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('files')
      .set({ status: to, ...changes })
      .where('id', '=', fileId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async completeFile(file: FileRef, to: FileStatus, changes: Pick<UploadFile, 'size' | 'md5' | 'type'>, blob?: BlobClaim): Promise<Completion | undefined> {
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
          await tx.insertInto('blobs').values({ hash: blob.hash, upload_id: file.uploadId, file_id: file.fileId, size: blob.size, refs: 1 }).execute();
        }
        await tx.updateTable('files').set({ blob_hash: blob.hash }).where('id', '=', file.fileId).execute();
        return { blobHash: blob.hash, shared };
      }),
    );
  }

  async releaseFile(fileId: string, from: FileStatus[]): Promise<Release | undefined> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        const moved = await tx.updateTable('files').set({ status: 'deleted' }).where('id', '=', fileId).where('status', 'in', from).executeTakeFirst();
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

  async reserveBytes(file: FileRef, userId: string, bytes: number, limit: number, now: number): Promise<boolean> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        // Lock the owner's row where the dialect can: one user's reservations are decided one after another.
        await tx.updateTable('users').set({ id: userId }).where('id', '=', userId).execute();
        const { size } = await heldFiles(tx, { userId }, now)
          .select((eb) => eb.fn.sum<number | string | null>('files.size').as('size'))
          .where('files.id', '!=', file.fileId)
          .executeTakeFirstOrThrow();
        if (Number(size ?? 0) + bytes > limit) return false;
        // A file no longer uploading (removed meanwhile) reserves nothing; its upload fails at its end anyway.
        await tx.updateTable('files').set({ size: bytes, reserved_at: now }).where('id', '=', file.fileId).where('status', '=', 'uploading').execute();
        return true;
      }),
    );
  }

  async releaseStaleReservations(before: number): Promise<number> {
    const result = await this.db
      .updateTable('files')
      .set({ size: 0 })
      .where('status', '=', 'uploading')
      .where('size', '>', 0)
      .where('reserved_at', '<', before)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async reserveDownload(fileId: string): Promise<boolean> {
    // This is where the oneShot and download-limit race is decided: the check and the increment are one conditional
    // UPDATE, which each database applies to the row one at a time, so of N downloads racing for a file with L slots
    // exactly L match. A read then a write would let two downloads both see the last slot free.
    const result = await this.db
      .updateTable('files')
      .set({ downloads_reserved: sql`downloads_reserved + 1` })
      .where('id', '=', fileId)
      .where('status', '=', 'uploaded')
      .where((eb) =>
        eb.or([eb('download_limit', '=', 0), eb('downloads_reserved', '<', eb.ref('download_limit'))]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseDownload(fileId: string): Promise<void> {
    await this.db
      .updateTable('files')
      .set({ downloads_reserved: sql`downloads_reserved - 1` })
      .where('id', '=', fileId)
      .where('downloads_reserved', '>', 0)
      .execute();
  }

  async completeDownload(fileId: string): Promise<boolean> {
    await this.db
      .updateTable('files')
      .set({ downloads_completed: sql`downloads_completed + 1` })
      .where('id', '=', fileId)
      .execute();
    const row = await this.db
      .selectFrom('files')
      .select(['download_limit', 'downloads_completed'])
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!row || row.download_limit === 0 || row.downloads_completed < row.download_limit) return false;
    return this.transitionFile(fileId, ['uploaded'], 'removed');
  }

  async findBlob(hash: string): Promise<FileRef | undefined> {
    const row = await this.db.selectFrom('blobs').select(['upload_id', 'file_id']).where('hash', '=', hash).executeTakeFirst();
    return row && { uploadId: row.upload_id, fileId: row.file_id };
  }

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
      await tx.deleteFrom('uploads').where('id', '=', id).execute();
    });
  }

  async filesToPurge(limit: number): Promise<FileRef[]> {
    const rows = await this.db
      .selectFrom('files')
      .select(['id', 'upload_id'])
      .where('status', '=', 'removed')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ uploadId: r.upload_id, fileId: r.id }));
  }

  async takeLease(name: string, holder: string, now: number, until: number): Promise<boolean> {
    const renewed = await this.db
      .updateTable('leases')
      .set({ holder, expires_at: until })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
      .executeTakeFirst();
    if (renewed.numUpdatedRows > 0n) return true;
    try {
      await this.db.insertInto('leases').values({ name, holder, expires_at: until }).execute();
      return true;
    } catch (err) {
      // The insert lost to another holder's (the key exists now): the lease is theirs. Anything else is a failure.
      if (await this.db.selectFrom('leases').select('name').where('name', '=', name).executeTakeFirst()) return false;
      throw err;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
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

  async resetInterrupted(): Promise<{ uploads: number; downloads: number }> {
    const uploads = await this.db.updateTable('files').set({ status: 'missing', size: 0 }).where('status', '=', 'uploading').executeTakeFirst();
    const downloads = await this.db
      .updateTable('files')
      .set({ downloads_reserved: sql`downloads_completed` })
      .where('downloads_reserved', '>', sql<number>`downloads_completed`)
      .executeTakeFirst();
    return { uploads: Number(uploads.numUpdatedRows), downloads: Number(downloads.numUpdatedRows) };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Takes a reference on the live blob with this hash (refs > 0): true; false when there is none; 'dead' when one
 * whose last reference went (refs 0, its bytes about to go) holds the hash, or the blob kept changing under us
 * (keeping one's own bytes unshared is always safe).
 */
async function takeBlob(tx: Transaction<Database>, hash: string): Promise<boolean | 'dead'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await tx.updateTable('blobs').set({ refs: sql`refs + 1` }).where('hash', '=', hash).where('refs', '>', 0).executeTakeFirst();
    if (taken.numUpdatedRows > 0n) return true;
    const existing = await tx.selectFrom('blobs').select('refs').where('hash', '=', hash).executeTakeFirst();
    if (!existing) return false;
    if (existing.refs <= 0) return 'dead';
    // A blob committed between the two statements (PostgreSQL reads each at its own start): take it now.
  }
  return 'dead';
}

/** Tries a transaction up to three times: a conflict between two (a duplicate key, a deadlock) rolls one back. */
async function retried<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
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

/**
 * The files that count against a quota: uploaded or on their way, in live uploads the filter covers. One query for
 * the stats a user is shown and for the check a reservation makes, so that the two never disagree.
 */
function heldFiles(db: Kysely<Database> | Transaction<Database>, filter: UploadFilter, now: number) {
  return db
    .selectFrom('files')
    .innerJoin('uploads', 'uploads.id', 'files.upload_id')
    .where((eb) => liveUploads(eb, filter, now))
    .where('files.status', 'in', ['uploading', 'uploaded']);
}

/** Uploads neither deleted nor expired at `now`, narrowed by the filter. */
function liveUploads(eb: ExpressionBuilder<Database, 'uploads'>, filter: UploadFilter, now: number) {
  const conditions = [
    eb('uploads.deleted_at', 'is', null),
    eb.or([eb('uploads.expire_at', 'is', null), eb('uploads.expire_at', '>', now)]),
  ];
  if (filter.userId === null) conditions.push(eb('uploads.user_id', 'is', null));
  else if (filter.userId !== undefined) conditions.push(eb('uploads.user_id', '=', filter.userId));
  if (filter.tokenId !== undefined) conditions.push(eb('uploads.token_id', '=', filter.tokenId));
  return eb.and(conditions);
}

const flag = (value: boolean) => (value ? 1 : 0);
const optionalNumber = (value: number | string | null) => (value === null ? null : Number(value));

function uploadRow(u: Upload): UploadsTable {
  return {
    id: u.id,
    created_at: u.createdAt,
    expire_at: u.expireAt,
    ttl: u.ttl,
    extend_ttl: flag(u.extendTtl),
    one_shot: flag(u.oneShot),
    stream: flag(u.stream),
    removable: flag(u.removable),
    login: u.login,
    password_hash: u.passwordHash,
    comments: u.comments,
    upload_token: u.uploadTokenHash,
    user_id: u.userId,
    token_id: u.tokenId,
    remote_ip: u.remoteIp,
    deleted_at: null,
    max_downloads: u.maxDownloads,
    encryption: u.encryption,
    key_check: u.keyCheck,
    hotlink_protection: flag(u.hotlinkProtection),
  };
}

function toUpload(r: Selectable<UploadsTable>): Upload {
  return {
    id: r.id,
    createdAt: Number(r.created_at),
    expireAt: optionalNumber(r.expire_at),
    ttl: r.ttl,
    extendTtl: r.extend_ttl === 1,
    oneShot: r.one_shot === 1,
    stream: r.stream === 1,
    removable: r.removable === 1,
    login: r.login,
    passwordHash: r.password_hash,
    comments: r.comments,
    uploadTokenHash: r.upload_token,
    userId: r.user_id,
    tokenId: r.token_id,
    remoteIp: r.remote_ip,
    maxDownloads: r.max_downloads,
    encryption: r.encryption as EncryptionMode,
    keyCheck: r.key_check,
    hotlinkProtection: r.hotlink_protection === 1,
  };
}

function fileRow(f: UploadFile): FilesTable {
  return {
    id: f.id,
    upload_id: f.uploadId,
    name: f.name,
    type: f.type,
    size: f.size,
    status: f.status,
    md5: f.md5,
    reference: f.reference,
    created_at: f.createdAt,
    download_limit: f.downloadLimit,
    downloads_reserved: f.downloadsReserved,
    downloads_completed: f.downloadsCompleted,
    blob_hash: f.blobHash,
    reserved_at: null,
  };
}

function toFile(r: Selectable<FilesTable>): UploadFile {
  return {
    id: r.id,
    uploadId: r.upload_id,
    name: r.name,
    type: r.type,
    size: Number(r.size),
    status: r.status as FileStatus,
    md5: r.md5,
    reference: r.reference,
    createdAt: Number(r.created_at),
    downloadLimit: r.download_limit,
    downloadsReserved: r.downloads_reserved,
    downloadsCompleted: r.downloads_completed,
    blobHash: r.blob_hash,
  };
}
