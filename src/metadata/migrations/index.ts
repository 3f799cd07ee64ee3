// The ordered list of migrations, compiled into the package so no folder has to be found at run time.
import type { Migration, MigrationProvider } from 'kysely';
import * as uploadsAndFiles from './001-uploads-and-files.js';
import * as usersTokensSessions from './002-users-tokens-sessions.js';
import * as leases from './003-leases.js';
import * as limitsEncryptionDedup from './004-limits-encryption-dedup.js';
import * as digestsAndQuotaReservations from './005-digests-and-quota-reservations.js';
import * as hashedTokensNoPad from './006-hashed-tokens-nopad.js';
import * as dailyActivity from './007-daily-activity.js';
import * as resumableFiles from './008-resumable-files.js';
import * as downloadAccounting from './009-download-accounting.js';
import * as userPreferences from './010-user-preferences.js';
import * as usageStats from './011-usage-stats.js';
import * as cliSignInAndE2ee from './012-cli-sign-in-and-e2ee.js';
import * as fileRequests from './013-file-requests.js';
import * as notifications from './014-notifications.js';
import * as twoFactor from './015-two-factor.js';
import * as passkeys from './016-passkeys.js';
import * as invitations from './018-invitations.js';
import * as requestReservations from './020-request-reservations.js';
import type { MigrationStep, SqlDialect } from './dialect.js';

const migrations: Record<string, { up: MigrationStep; down?: MigrationStep }> = {
  '001-uploads-and-files': uploadsAndFiles,
  '002-users-tokens-sessions': usersTokensSessions,
  '003-leases': leases,
  '004-limits-encryption-dedup': limitsEncryptionDedup,
  '005-digests-and-quota-reservations': digestsAndQuotaReservations,
  '006-hashed-tokens-nopad': hashedTokensNoPad,
  '007-daily-activity': dailyActivity,
  '008-resumable-files': resumableFiles,
  '009-download-accounting': downloadAccounting,
  '010-user-preferences': userPreferences,
  '011-usage-stats': usageStats,
  '012-cli-sign-in-and-e2ee': cliSignInAndE2ee,
  '013-file-requests': fileRequests,
  '014-notifications': notifications,
  '015-two-factor': twoFactor,
  '016-passkeys': passkeys,
  '018-invitations': invitations,
  '020-request-reservations': requestReservations,
};

/** The name of the newest migration: the schema version an export records. */
export const LATEST_MIGRATION = Object.keys(migrations).at(-1)!;

/** Kysely's migrations, each told the dialect it runs on (see dialect.ts). */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  const bound: Record<string, Migration> = {};
  for (const [name, { up, down }] of Object.entries(migrations)) {
    bound[name] = { up: (db) => up(db, dialect), down: down && ((db) => down(db, dialect)) };
  }
  return { getMigrations: async () => bound };
}
