// The uploads whose owner asked to be emailed when one of their files is downloaded.

export interface DownloadNotificationRecords {
  /** Turns the email on or off for the upload, which `userId` owns. */
  setDownloadNotification(uploadId: string, userId: string, on: boolean, now: number): Promise<void>;
  /** The owner to email when a file of the upload is downloaded, if they asked. */
  downloadNotificationOf(uploadId: string): Promise<string | undefined>;
}
