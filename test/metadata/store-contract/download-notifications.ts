// Download notifications: on and off per upload, idempotently, and gone with the upload's rows.
import { describe, expect, it } from 'vitest';
import { anUpload, created, T0, type ContractContext } from './context.js';

export const DOWNLOAD_NOTIFICATION_METHODS = ['setDownloadNotification', 'downloadNotificationOf'] as const;

export function downloadNotificationsContract(ctx: ContractContext): void {
  describe('download notifications', () => {
    it('are turned on (twice at once too) and off, and go with the upload', async () => {
      const s = ctx.store();
      const { upload } = await created(s, anUpload({ userId: 'local:ann' }));
      expect(await s.downloadNotificationOf(upload.id)).toBeUndefined();
      await Promise.all([1, 2].map(() => s.setDownloadNotification(upload.id, 'local:ann', true, T0)));
      expect(await s.downloadNotificationOf(upload.id)).toBe('local:ann');
      await s.setDownloadNotification(upload.id, 'local:ann', false, T0);
      await s.setDownloadNotification(upload.id, 'local:ann', false, T0);
      expect(await s.downloadNotificationOf(upload.id)).toBeUndefined();
      await s.setDownloadNotification(upload.id, 'local:ann', true, T0);
      await s.deleteUploadRows(upload.id);
      expect(await s.downloadNotificationOf(upload.id)).toBeUndefined();
    });
  });
}
