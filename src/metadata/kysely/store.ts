// The MetadataStore over Kysely, the same queries for SQLite, PostgreSQL and MySQL: each entity's records (one file
// each here) on one database, composed into the one object that the server opens and hands to each service.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../migrations/dialect.js';
import type { MetadataStore } from '../store.js';
import type { Database } from '../tables.js';
import { KyselyActivityCounters } from './activity.js';
import { KyselyCliSignInRecords } from './cli-sign-ins.js';
import { KyselyBlobRecords } from './blobs.js';
import { KyselyDownloadSlots } from './downloads.js';
import { KyselyFileRecords } from './files.js';
import { KyselyFileRequestRecords } from './file-requests.js';
import { KyselyLeases } from './leases.js';
import { KyselyPurgeQueue } from './purge.js';
import { KyselyQuotaReservations } from './quota.js';
import { KyselyResumableFileRecords } from './resumable.js';
import { KyselySessionRecords } from './sessions.js';
import { KyselyTokenRecords } from './tokens.js';
import { KyselyUploadRecords } from './uploads.js';
import { KyselyUsageRecords } from './usage.js';
import { KyselyUserRecords } from './users.js';
import { KyselyDeliveryQueue } from './deliveries.js';
import { KyselyDownloadNotificationRecords } from './download-notifications.js';
import { KyselyInvitationRecords } from './invitations.js';
import { KyselyPasswordResetRecords } from './password-resets.js';
import { KyselyTwoFactorRecords } from './two-factor.js';
import { KyselyPasskeyRecords } from './passkeys.js';
import { KyselyWebhookRecords } from './webhooks.js';

export function kyselyMetadataStore(db: Kysely<Database>, dialect: SqlDialect): MetadataStore {
  // The interfaces share no method name (the contract suite checks it), so no part's method hides another's.
  return {
    ...methodsOf(new KyselyUploadRecords(db)),
    ...methodsOf(new KyselyFileRecords(db)),
    ...methodsOf(new KyselyBlobRecords(db)),
    ...methodsOf(new KyselyDownloadSlots(db)),
    ...methodsOf(new KyselyQuotaReservations(db)),
    ...methodsOf(new KyselyPurgeQueue(db)),
    ...methodsOf(new KyselyLeases(db)),
    ...methodsOf(new KyselyResumableFileRecords(db)),
    ...methodsOf(new KyselyUserRecords(db, dialect)),
    ...methodsOf(new KyselyTokenRecords(db)),
    ...methodsOf(new KyselySessionRecords(db)),
    ...methodsOf(new KyselyCliSignInRecords(db)),
    ...methodsOf(new KyselyActivityCounters(db, dialect)),
    ...methodsOf(new KyselyUsageRecords(db, dialect)),
    ...methodsOf(new KyselyWebhookRecords(db)),
    ...methodsOf(new KyselyDeliveryQueue(db)),
    ...methodsOf(new KyselyPasswordResetRecords(db)),
    ...methodsOf(new KyselyDownloadNotificationRecords(db)),
    ...methodsOf(new KyselyFileRequestRecords(db)),
    ...methodsOf(new KyselyTwoFactorRecords(db)),
    ...methodsOf(new KyselyPasskeyRecords(db)),
    ...methodsOf(new KyselyInvitationRecords(db)),
    close: () => db.destroy(),
  };
}

type Methods<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] };

/** A part's methods bound to it, as properties of their own: a spread of a class instance leaves its methods behind. */
function methodsOf<T extends object>(part: T): Methods<T> {
  const methods: Record<string, unknown> = {};
  // The parts extend nothing: their methods are all on their class's prototype.
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(part))) {
    const method = (part as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof method === 'function') methods[name] = method.bind(part);
  }
  return methods as Methods<T>;
}
