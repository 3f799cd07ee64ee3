// An upload's emails, for its owner only: "tell me when it is downloaded", and "send its link to these people"
// (a few addresses an hour, so that Ferry is no one's mass mailer).
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { MetadataStore } from '../metadata/store.js';
import { badRequest, notFound } from '../model/errors.js';
import type { User } from '../model/model.js';
import { sharedUploadMail } from './mail-messages.js';
import type { Notifications } from './notifications.js';
import { consumeOrRefuse } from './throttle.js';

/** Addresses a user may send upload links to in an hour. */
export const SHARED_PER_HOUR = 30;

type UploadEmailStore = Pick<MetadataStore, 'findLiveUpload' | 'setDownloadNotification' | 'downloadNotificationOf'>;

export class UploadEmails {
  private readonly shares = new RateLimiterMemory({ points: SHARED_PER_HOUR, duration: 3600 });

  constructor(
    private readonly metadata: UploadEmailStore,
    private readonly notifications: Notifications,
  ) {}

  async emailOnDownload(user: User, uploadId: string): Promise<boolean> {
    await this.own(user, uploadId);
    return (await this.metadata.downloadNotificationOf(uploadId)) !== undefined;
  }

  async setEmailOnDownload(user: User, uploadId: string, on: boolean): Promise<void> {
    await this.own(user, uploadId);
    if (on) this.checkMail(user);
    await this.metadata.setDownloadNotification(uploadId, user.id, on, Date.now());
  }

  /** `pageUrl`: the upload's page on this server; `link`, when given, must be it (with a fragment: a link key). */
  async share(user: User, uploadId: string, to: string[], message: string, pageUrl: string, link: string | undefined): Promise<number> {
    await this.own(user, uploadId);
    if (!this.notifications.mailEnabled) throw badRequest('this server sends no emails');
    if (link !== undefined && link !== pageUrl && !link.startsWith(`${pageUrl}#`))
      throw badRequest(`link: must be the upload's page, ${pageUrl}`);
    const addresses = [...new Set(to.map((a) => a.trim().toLowerCase()))];
    await consumeOrRefuse(this.shares, user.id, addresses.length, `at most ${SHARED_PER_HOUR} addresses an hour`);
    const sender = user.name || user.login;
    // One email per address: no recipient sees the others'. They are no users Ferry knows: in the sender's language.
    for (const address of addresses)
      await this.notifications.email([address], sharedUploadMail(user.language, sender, link ?? pageUrl, message));
    return addresses.length;
  }

  private checkMail(user: User): void {
    if (!this.notifications.mailEnabled) throw badRequest('this server sends no emails');
    if (!user.email) throw badRequest('your account has no email address to send to');
  }

  /** Another's upload is an unknown one. */
  private async own(user: User, uploadId: string): Promise<void> {
    const upload = await this.metadata.findLiveUpload(uploadId, Date.now());
    if (!upload || upload.userId !== user.id) throw notFound(`upload ${uploadId} not found`);
  }
}
