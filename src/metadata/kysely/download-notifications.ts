// Download notifications over Kysely: a row while the owner wants the email.
import type { Kysely } from 'kysely';
import type { DownloadNotificationRecords } from '../records/download-notifications.js';
import type { Database } from '../tables.js';

export class KyselyDownloadNotificationRecords implements DownloadNotificationRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async setDownloadNotification(uploadId: string, userId: string, on: boolean, now: number): Promise<void> {
    if (!on) {
      await this.db.deleteFrom('download_notifications').where('upload_id', '=', uploadId).execute();
      return;
    }
    try {
      await this.db.insertInto('download_notifications').values({ upload_id: uploadId, user_id: userId, created_at: now }).execute();
    } catch (err) {
      // Turned on twice (two tabs): on it is.
      if (!(await this.downloadNotificationOf(uploadId))) throw err;
    }
  }

  async downloadNotificationOf(uploadId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('download_notifications').select('user_id').where('upload_id', '=', uploadId).executeTakeFirst();
    return row?.user_id;
  }
}
