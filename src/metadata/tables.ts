// The tables as Kysely sees them: one interface per table, columns in snake_case.
// Instants are BIGINT milliseconds and booleans 0/1 integers so that SQLite, PostgreSQL and MySQL agree.
/** PostgreSQL hands BIGINT back as a string; every reader goes through Number(). */
type BigIntColumn = number | string;

export interface UploadsTable {
  id: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn | null;
  ttl: number;
  extend_ttl: number;
  one_shot: number;
  stream: number;
  removable: number;
  login: string | null;
  password_hash: string | null;
  comments: string;
  /** SHA-256 of the upload token, hex. */
  upload_token: string;
  user_id: string | null;
  token_id: string | null;
  remote_ip: string | null;
  deleted_at: BigIntColumn | null;
  max_downloads: number;
  encryption: string;
  key_check: string | null;
  hotlink_protection: number;
  download_count: BigIntColumn;
  /** Bytes its files served, Range responses included. */
  downloaded_bytes: BigIntColumn;
  last_downloaded_at: BigIntColumn | null;
  /** The end-to-end encryption scheme its clients use ('age'), '' for none. */
  e2ee: string;
}

export interface FilesTable {
  id: string;
  upload_id: string;
  name: string;
  type: string;
  size: BigIntColumn;
  status: string;
  md5: string | null;
  reference: string | null;
  created_at: BigIntColumn;
  download_limit: number;
  downloads_reserved: number;
  downloads_completed: number;
  blob_hash: string | null;
  /** When an uploading file last reserved bytes of its owner's quota (ms); a sweep gives back stale ones. */
  reserved_at: BigIntColumn | null;
  download_count: BigIntColumn;
  last_downloaded_at: BigIntColumn | null;
}

/** Deduplicated content: one stored copy, referenced by every file with the same bytes. */
export interface BlobsTable {
  hash: string;
  upload_id: string;
  file_id: string;
  size: BigIntColumn;
  refs: number;
}

export interface UsersTable {
  id: string;
  provider: string;
  login: string;
  password_hash: string | null;
  name: string;
  email: string;
  is_admin: number;
  max_file_size: BigIntColumn;
  max_user_size: BigIntColumn;
  max_ttl: number;
  created_at: BigIntColumn;
  theme: string;
  language: string;
  /** The age X25519 recipient (age1…) senders of the user's file requests encrypt to; '' for none. */
  age_recipient: string;
}

export interface TokensTable {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string;
  prefix: string;
  user_id: string;
  comment: string;
  created_at: BigIntColumn;
}

/** A CLI sign-in request (Plik 1.4's device flow), by the hash of its code; the CLI's secret as a hash too. */
export interface CliSignInsTable {
  code_hash: string;
  secret_hash: string;
  hostname: string;
  user_id: string | null;
  comment: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  xsrf: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn;
}

/** A lease on a job shared by several instances: held by `holder` until `expires_at` (ms), unless released. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: BigIntColumn;
}

/** One day's counters (UTC) of a user, or of the whole server (scope *); see migration 007. */
export interface DailyActivityTable {
  id: string;
  scope: string;
  day: string;
  uploads: BigIntColumn;
  files: BigIntColumn;
  bytes_uploaded: BigIntColumn;
  downloads: BigIntColumn;
  bytes_downloaded: BigIntColumn;
}

/** A scope's lifetime usage counters (the server *, anonymous, a user, "token <hash>"); see migration 011. */
export interface UsageTotalsTable {
  scope: string;
  started_at: BigIntColumn;
  last_upload_at: BigIntColumn | null;
  users: BigIntColumn;
  uploads: BigIntColumn;
  files: BigIntColumn;
  size: BigIntColumn;
  downloads: BigIntColumn;
  downloaded_bytes: BigIntColumn;
  password_uploads: BigIntColumn;
  removable_uploads: BigIntColumn;
  one_shot_uploads: BigIntColumn;
  stream_uploads: BigIntColumn;
  extend_ttl_uploads: BigIntColumn;
  e2ee_uploads: BigIntColumn;
  comment_uploads: BigIntColumn;
  ttl_none_uploads: BigIntColumn;
  ttl_lt1h_uploads: BigIntColumn;
  ttl_1h1d_uploads: BigIntColumn;
  ttl_1d7d_uploads: BigIntColumn;
  ttl_7d30d_uploads: BigIntColumn;
  ttl_gt30d_uploads: BigIntColumn;
  size_lt1m_files: BigIntColumn;
  size_1m10m_files: BigIntColumn;
  size_10m100m_files: BigIntColumn;
  size_100m1g_files: BigIntColumn;
  size_1g10g_files: BigIntColumn;
  size_10g100g_files: BigIntColumn;
  size_gt100g_files: BigIntColumn;
}

/** One day's downloads (UTC) of an upload (file_id '') or of one of its files; see migration 011. */
export interface DownloadDaysTable {
  id: string;
  day: string;
  upload_id: string;
  file_id: string;
  downloads: BigIntColumn;
  bytes: BigIntColumn;
}

/** A file being built over several requests (a tus upload); see migration 008. */
export interface ResumableFilesTable {
  file_id: string;
  upload_id: string;
  encryption: string;
  length: BigIntColumn | null;
  upload_offset: BigIntColumn;
  store_state: string;
  digest_state: string;
  created_at: BigIntColumn;
  expires_at: BigIntColumn;
  claim_holder: string | null;
  claim_until: BigIntColumn | null;
}

/** A webhook: a user's, or (user_id null) a server-wide one. */
export interface WebhooksTable {
  id: string;
  user_id: string | null;
  url: string;
  events: string;
  description: string;
  sealed_secret: string;
  created_at: BigIntColumn;
}

/** One webhook call or email to send, until it is sent or given up. */
export interface DeliveriesTable {
  id: string;
  dedup_key: string;
  channel: string;
  webhook_id: string | null;
  owner_id: string | null;
  event_id: string;
  event_type: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: BigIntColumn;
  lease_holder: string | null;
  lease_until: BigIntColumn | null;
  last_status: number | null;
  last_error: string;
  created_at: BigIntColumn;
  finished_at: BigIntColumn | null;
}

export interface PasswordResetsTable {
  /** SHA-256 of the token the email carries, hex. */
  token_hash: string;
  user_id: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn;
}

/** A user's TOTP secret, sealed (SecretBox); confirmed_at null while enrolment waits for its first code. */
export interface TwoFactorTable {
  user_id: string;
  sealed_secret: string;
  confirmed_at: BigIntColumn | null;
  /** The time step of the last code taken: only a later one is taken. */
  last_step: BigIntColumn;
  created_at: BigIntColumn;
}

/** A one-time recovery code, by its SHA-256 (hex); the row goes when the code is used. */
export interface TwoFactorRecoveryCodesTable {
  code_hash: string;
  user_id: string;
}

/** What a password sign-in hands out when a second step is needed, by the SHA-256 (hex) of its token. */
export interface TwoFactorChallengesTable {
  token_hash: string;
  user_id: string;
  purpose: string;
  expire_at: BigIntColumn;
}

export interface DownloadNotificationsTable {
  upload_id: string;
  user_id: string;
  created_at: BigIntColumn;
}

/** A file request (reverse share) and the counters its limits are reserved in; see migration 013. */
export interface FileRequestsTable {
  id: string;
  user_id: string;
  title: string;
  message: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn | null;
  closed_at: BigIntColumn | null;
  max_files: number;
  max_file_size: BigIntColumn;
  max_total_size: BigIntColumn;
  allowed_types: string;
  password_hash: string | null;
  name_field: string;
  email_field: string;
  reusable: number;
  files_taken: number;
  bytes_taken: BigIntColumn;
  submissions: number;
}

/** One submission to a file request: the upload that received it, with its sender's name and email if given. */
export interface RequestUploadsTable {
  upload_id: string;
  request_id: string;
  sender_name: string;
  sender_email: string;
  created_at: BigIntColumn;
}

/** A WebAuthn credential of an account; see migration 016. */
export interface PasskeysTable {
  id: string;
  user_id: string;
  name: string;
  credential_id: string;
  /** SHA-256 of credential_id, hex: the unique index. */
  credential_hash: string;
  public_key: string;
  counter: BigIntColumn;
  transports: string;
  created_at: BigIntColumn;
  last_used_at: BigIntColumn | null;
}

export interface PasskeyChallengesTable {
  /** SHA-256 of the challenge handed to the browser, hex. */
  challenge_hash: string;
  purpose: string;
  user_id: string | null;
  expire_at: BigIntColumn;
}

/** An invitation link that creates one local account; see migration 018. */
export interface InvitationsTable {
  id: string;
  /** SHA-256 of the link's token, hex. */
  token_hash: string;
  created_by: string;
  email: string;
  note: string;
  created_at: BigIntColumn;
  expire_at: BigIntColumn;
  used_at: BigIntColumn | null;
  used_by: string | null;
  revoked_at: BigIntColumn | null;
}

/** What one file being sent to a request holds of its counters, until it expires; see migration 020. */
export interface RequestReservationsTable {
  id: string;
  request_id: string;
  files: number;
  bytes: BigIntColumn;
  expires_at: BigIntColumn;
}

export interface Database {
  uploads: UploadsTable;
  files: FilesTable;
  users: UsersTable;
  tokens: TokensTable;
  sessions: SessionsTable;
  cli_sign_ins: CliSignInsTable;
  leases: LeasesTable;
  blobs: BlobsTable;
  daily_activity: DailyActivityTable;
  resumable_files: ResumableFilesTable;
  usage_totals: UsageTotalsTable;
  download_days: DownloadDaysTable;
  webhooks: WebhooksTable;
  deliveries: DeliveriesTable;
  password_resets: PasswordResetsTable;
  download_notifications: DownloadNotificationsTable;
  two_factor: TwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  file_requests: FileRequestsTable;
  request_uploads: RequestUploadsTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
  invitations: InvitationsTable;
  request_reservations: RequestReservationsTable;
}
