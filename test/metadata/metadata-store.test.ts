// The MetadataStore contract, entity by entity (store-contract/*), called directly on a store of this run's backend
// (SQLite, PostgreSQL or MySQL): what each method returns and changes, as store.ts says, and the races it decides.
// The last test fails when a method of the store is reached by none of them, or belongs to no entity.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityCounters } from '../../src/metadata/records/activity.js';
import type { BlobRecords } from '../../src/metadata/records/blobs.js';
import type { CliSignInRecords } from '../../src/metadata/records/cli-sign-ins.js';
import type { DownloadSlots } from '../../src/metadata/records/downloads.js';
import type { FileRecords } from '../../src/metadata/records/files.js';
import type { FileRequestRecords } from '../../src/metadata/records/file-requests.js';
import type { InvitationRecords } from '../../src/metadata/records/invitations.js';
import type { Leases } from '../../src/metadata/records/leases.js';
import type { PurgeQueue } from '../../src/metadata/records/purge.js';
import type { QuotaReservations } from '../../src/metadata/records/quota.js';
import type { ResumableFileRecords } from '../../src/metadata/records/resumable.js';
import type { SessionRecords } from '../../src/metadata/records/sessions.js';
import type { TokenRecords } from '../../src/metadata/records/tokens.js';
import type { UploadRecords } from '../../src/metadata/records/uploads.js';
import type { UserRecords } from '../../src/metadata/records/users.js';
import type { UsageRecords } from '../../src/metadata/records/usage.js';
import type { MetadataStore } from '../../src/metadata/store.js';
import type { DeliveryQueue } from '../../src/metadata/records/deliveries.js';
import type { DownloadNotificationRecords } from '../../src/metadata/records/download-notifications.js';
import type { PasswordResetRecords } from '../../src/metadata/records/password-resets.js';
import type { TwoFactorRecords } from '../../src/metadata/records/two-factor.js';
import type { PasskeyRecords } from '../../src/metadata/records/passkeys.js';
import type { WebhookRecords } from '../../src/metadata/records/webhooks.js';
import { DELIVERY_METHODS, deliveriesContract } from './store-contract/deliveries.js';
import { DOWNLOAD_NOTIFICATION_METHODS, downloadNotificationsContract } from './store-contract/download-notifications.js';
import { PASSWORD_RESET_METHODS, passwordResetsContract } from './store-contract/password-resets.js';
import { TWO_FACTOR_METHODS, twoFactorContract } from './store-contract/two-factor.js';
import { PASSKEY_METHODS, passkeysContract } from './store-contract/passkeys.js';
import { INVITATION_METHODS, invitationsContract } from './store-contract/invitations.js';
import { WEBHOOK_METHODS, webhooksContract } from './store-contract/webhooks.js';
import { BACKEND } from '../helpers/backends.js';
import { ACTIVITY_METHODS, activityContract } from './store-contract/activity.js';
import { BLOB_METHODS, blobsContract } from './store-contract/blobs.js';
import { CLI_SIGN_IN_METHODS, cliSignInsContract } from './store-contract/cli-sign-ins.js';
import { methodsOf, openContractStore, reached, type ContractContext, type OpenedStore } from './store-contract/context.js';
import { DOWNLOAD_METHODS, downloadsContract } from './store-contract/downloads.js';
import { FILE_METHODS, filesContract } from './store-contract/files.js';
import { FILE_REQUEST_METHODS, fileRequestsContract } from './store-contract/file-requests.js';
import { LEASE_METHODS, leasesContract } from './store-contract/leases.js';
import { PURGE_METHODS, purgeContract } from './store-contract/purge.js';
import { QUOTA_METHODS, quotaContract } from './store-contract/quota.js';
import { RESUMABLE_METHODS, resumableContract } from './store-contract/resumable.js';
import { SESSION_METHODS, sessionsContract } from './store-contract/sessions.js';
import { TOKEN_METHODS, tokensContract } from './store-contract/tokens.js';
import { UPLOAD_METHODS, uploadsContract } from './store-contract/uploads.js';
import { USER_METHODS, usersContract } from './store-contract/users.js';
import { USAGE_METHODS, usageContract } from './store-contract/usage.js';

/** The interface of records/ that each module of the suite covers. */
interface Covered {
  uploads: UploadRecords;
  files: FileRecords;
  blobs: BlobRecords;
  downloads: DownloadSlots;
  quota: QuotaReservations;
  purge: PurgeQueue;
  leases: Leases;
  resumable: ResumableFileRecords;
  users: UserRecords;
  tokens: TokenRecords;
  sessions: SessionRecords;
  cliSignIns: CliSignInRecords;
  activity: ActivityCounters;
  usage: UsageRecords;
  webhooks: WebhookRecords;
  deliveries: DeliveryQueue;
  passwordResets: PasswordResetRecords;
  downloadNotifications: DownloadNotificationRecords;
  fileRequests: FileRequestRecords;
  twoFactor: TwoFactorRecords;
  passkeys: PasskeyRecords;
  invitations: InvitationRecords;
  store: Pick<MetadataStore, 'close'>;
}

/** Each entity's methods, one module of the suite each. */
const ENTITIES = {
  uploads: UPLOAD_METHODS,
  files: FILE_METHODS,
  blobs: BLOB_METHODS,
  downloads: DOWNLOAD_METHODS,
  quota: QUOTA_METHODS,
  purge: PURGE_METHODS,
  leases: LEASE_METHODS,
  resumable: RESUMABLE_METHODS,
  users: USER_METHODS,
  tokens: TOKEN_METHODS,
  sessions: SESSION_METHODS,
  cliSignIns: CLI_SIGN_IN_METHODS,
  activity: ACTIVITY_METHODS,
  usage: USAGE_METHODS,
  webhooks: WEBHOOK_METHODS,
  deliveries: DELIVERY_METHODS,
  passwordResets: PASSWORD_RESET_METHODS,
  downloadNotifications: DOWNLOAD_NOTIFICATION_METHODS,
  fileRequests: FILE_REQUEST_METHODS,
  twoFactor: TWO_FACTOR_METHODS,
  passkeys: PASSKEY_METHODS,
  invitations: INVITATION_METHODS,
  store: ['close'],
} as const satisfies { [Entity in keyof Covered]: readonly (keyof Covered[Entity])[] };

/** true when `Listed` names every method of `Records` and no other; otherwise the names missing and the extra ones. */
type Exactly<Listed extends readonly PropertyKey[], Records> = [
  Exclude<keyof Records, Listed[number]> | Exclude<Listed[number], keyof Records>,
] extends [never]
  ? true
  : { missing: Exclude<keyof Records, Listed[number]>; extra: Exclude<Listed[number], keyof Records> };

// A method added to an interface and listed under another entity or none, or one added to the store outside every
// interface, does not compile.
type Mislisted = Exclude<{ [Entity in keyof Covered]: Exactly<(typeof ENTITIES)[Entity], Covered[Entity]> }[keyof Covered], true>;
type Unlisted = Exclude<keyof MetadataStore, (typeof ENTITIES)[keyof typeof ENTITIES][number]>;
const everyMethodListed: [Mislisted | Unlisted] extends [never] ? true : Mislisted | Unlisted = true;

let shared: OpenedStore;
const freshOnes: OpenedStore[] = [];
beforeAll(async () => {
  shared = await openContractStore();
});
afterEach(async () => {
  await Promise.all(freshOnes.splice(0).map((opened) => opened.close()));
});
afterAll(() => shared?.close());

const ctx: ContractContext = {
  store: () => shared.store,
  fresh: async () => {
    const opened = await openContractStore();
    freshOnes.push(opened);
    return opened.store;
  },
};

describe(`the MetadataStore contract on ${BACKEND}`, () => {
  uploadsContract(ctx);
  filesContract(ctx);
  blobsContract(ctx);
  downloadsContract(ctx);
  quotaContract(ctx);
  purgeContract(ctx);
  leasesContract(ctx);
  resumableContract(ctx);
  usersContract(ctx);
  tokensContract(ctx);
  sessionsContract(ctx);
  cliSignInsContract(ctx);
  activityContract(ctx);
  usageContract(ctx);
  webhooksContract(ctx);
  deliveriesContract(ctx);
  passwordResetsContract(ctx);
  downloadNotificationsContract(ctx);
  fileRequestsContract(ctx);
  twoFactorContract(ctx);
  passkeysContract(ctx);
  invitationsContract(ctx);

  it('lets go of its connections on close: nothing is answered after', async () => {
    const s = await ctx.fresh();
    await s.countUsers();
    await s.close();
    await expect(s.countUsers()).rejects.toThrow();
  });

  it('reaches every method of the store, each listed under one entity', () => {
    expect(everyMethodListed).toBe(true);
    const methods = methodsOf(shared.store);
    const listed: string[] = Object.values(ENTITIES).flat();
    expect([...listed].sort()).toEqual(methods);
    expect(new Set(listed).size).toBe(listed.length);
    expect(methods.filter((name) => !reached.has(name))).toEqual([]);
  });
});
