// Download slots over Kysely: counters on the file's row, moved by conditional UPDATEs that decide the races.
import { sql, type Kysely } from 'kysely';
import type { DownloadSlots } from '../records/downloads.js';
import type { Database } from '../tables.js';
import { moveFile } from './queries.js';

export class KyselyDownloadSlots implements DownloadSlots {
  constructor(private readonly db: Kysely<Database>) {}

  async reserveDownload(fileId: string): Promise<boolean> {
    // This is where the oneShot and download-limit race is decided: the check and the increment are one conditional
    // UPDATE, which each database applies to the row one at a time, so of N downloads racing for a file with L slots
    // exactly L match. A read then a write would let two downloads both see the last slot free.
    const result = await this.db
      .updateTable('files')
      .set({ downloads_reserved: sql`downloads_reserved + 1` })
      .where('id', '=', fileId)
      .where('status', '=', 'uploaded')
      .where((eb) => eb.or([eb('download_limit', '=', 0), eb('downloads_reserved', '<', eb.ref('download_limit'))]))
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
    await this.db.updateTable('files').set({ downloads_completed: sql`downloads_completed + 1` }).where('id', '=', fileId).execute();
    const row = await this.db
      .selectFrom('files')
      .select(['download_limit', 'downloads_completed'])
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!row || row.download_limit === 0 || row.downloads_completed < row.download_limit) return false;
    // The move to removed, conditional like every file's, lets one caller alone see the limit used up.
    return moveFile(this.db, fileId, ['uploaded'], 'removed');
  }

  async countServed(uploadId: string, wholeFiles: string[], bytes: number, at: number): Promise<void> {
    await this.db
      .updateTable('uploads')
      .set({
        download_count: sql`download_count + ${wholeFiles.length}`,
        downloaded_bytes: sql`downloaded_bytes + ${bytes}`,
        ...(wholeFiles.length > 0 && { last_downloaded_at: at }),
      })
      .where('id', '=', uploadId)
      .execute();
    if (wholeFiles.length === 0) return;
    await this.db
      .updateTable('files')
      .set({ download_count: sql`download_count + 1`, last_downloaded_at: at })
      .where('id', 'in', wholeFiles)
      .execute();
  }
}
