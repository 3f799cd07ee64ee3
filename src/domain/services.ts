// The domain's services as the server opens them on the configured stores (server.ts): what the routes and the
// account commands are given.
import type { ActivityService } from './activity.js';
import type { AddressLimits } from './address-limits.js';
import type { CliSignInService } from './device-sign-in.js';
import type { DownloadService } from './downloads.js';
import type { FileService } from './files.js';
import type { FileRequestService } from './file-requests.js';
import type { LdapAccounts } from './ldap-accounts.js';
import type { ImportService } from './imports.js';
import type { InvitationService } from './invitations.js';
import type { LinkService } from './links.js';
import type { Notifications } from './notifications.js';
import type { PasswordResetService } from './password-resets.js';
import type { PasskeyService } from './passkeys.js';
import type { UploadEmails } from './upload-emails.js';
import type { WebhookService } from './webhooks.js';
import type { PreviewService } from './previews.js';
import type { ResumableFileService } from './resumable-files.js';
import type { SessionService } from './sessions.js';
import type { TokenService } from './tokens.js';
import type { TwoFactorService } from './two-factor.js';
import type { TwoFactorSignIn } from './two-factor-sign-in.js';
import type { UploadService } from './uploads.js';
import type { UsageStatsService } from './usage-stats.js';
import type { UserService } from './users.js';

export interface Services {
  uploads: UploadService;
  files: FileService;
  resumable: ResumableFileService;
  downloads: DownloadService;
  previews: PreviewService;
  links: LinkService;
  users: UserService;
  /** LDAP sign-in through the login form, when LdapUrl is set. */
  ldap?: LdapAccounts;
  tokens: TokenService;
  sessions: SessionService;
  cliSignIns: CliSignInService;
  activity: ActivityService;
  usage: UsageStatsService;
  addressLimits: AddressLimits;
  notifications: Notifications;
  webhooks: WebhookService;
  passwordResets: PasswordResetService;
  uploadEmails: UploadEmails;
  requests: FileRequestService;
  /** Records brought in from another server (ferry import-from). */
  imports: ImportService;
  twoFactor: TwoFactorService;
  twoFactorSignIn: TwoFactorSignIn;
  passkeys: PasskeyService;
  invitations: InvitationService;
}
