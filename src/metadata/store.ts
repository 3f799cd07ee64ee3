// What the domain needs from a metadata backend: one interface per entity (records/), and the store that is all of
// them on one database. A service asks only for the records it uses; one implementation (kysely/) serves every dialect.
import type { ActivityCounters } from './records/activity.js';
import type { CliSignInRecords } from './records/cli-sign-ins.js';
import type { BlobRecords } from './records/blobs.js';
import type { DownloadSlots } from './records/downloads.js';
import type { FileRecords } from './records/files.js';
import type { FileRequestRecords } from './records/file-requests.js';
import type { Leases } from './records/leases.js';
import type { PurgeQueue } from './records/purge.js';
import type { QuotaReservations } from './records/quota.js';
import type { ResumableFileRecords } from './records/resumable.js';
import type { SessionRecords } from './records/sessions.js';
import type { TokenRecords } from './records/tokens.js';
import type { UploadRecords } from './records/uploads.js';
import type { UsageRecords } from './records/usage.js';
import type { UserRecords } from './records/users.js';
import type { DeliveryQueue } from './records/deliveries.js';
import type { DownloadNotificationRecords } from './records/download-notifications.js';
import type { InvitationRecords } from './records/invitations.js';
import type { PasswordResetRecords } from './records/password-resets.js';
import type { TwoFactorRecords } from './records/two-factor.js';
import type { PasskeyRecords } from './records/passkeys.js';
import type { WebhookRecords } from './records/webhooks.js';

/** Every entity's records at once (their intersection), on one database whose connections close() lets go. */
export interface MetadataStore
  extends UploadRecords,
    FileRecords,
    BlobRecords,
    DownloadSlots,
    QuotaReservations,
    PurgeQueue,
    Leases,
    ResumableFileRecords,
    UserRecords,
    TokenRecords,
    SessionRecords,
    CliSignInRecords,
    ActivityCounters,
    UsageRecords,
    WebhookRecords,
    DeliveryQueue,
    PasswordResetRecords,
    DownloadNotificationRecords,
    FileRequestRecords,
    TwoFactorRecords,
    PasskeyRecords,
    InvitationRecords {
  /** Lets go of the database's connections; nothing is answered after. */
  close(): Promise<void>;
}
