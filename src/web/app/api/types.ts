// The JSON shapes Ferry's API answers (Plik's wire format, plus Ferry's own optional fields).
export type FeatureValue = 'enabled' | 'disabled' | 'forced' | 'default';

export interface ServerConfig {
  maxFileSize: number;
  maxUserSize: number;
  maxFilePerUpload: number;
  defaultTTL: number;
  maxTTL: number;
  downloadDomain: string;
  abuseContact: string;
  feature_authentication: FeatureValue;
  feature_one_shot: FeatureValue;
  feature_removable: FeatureValue;
  feature_stream: FeatureValue;
  feature_password: FeatureValue;
  feature_comments: FeatureValue;
  feature_set_ttl: FeatureValue;
  feature_extend_ttl: FeatureValue;
  feature_text: FeatureValue;
  googleAuthentication?: boolean;
  ovhAuthentication?: boolean;
  /** Hooks for features other engineers are adding: read by features.ts only, absent on older servers. */
  oidcAuthentication?: boolean;
  oidcProviderName?: string;
  feature_download_limit?: FeatureValue;
  /** Largest download limit an upload may ask for; 0 or absent: none. */
  maxDownloads?: number;
  feature_encryption?: FeatureValue;
  /** Encryption modes this server can do, e.g. ["server", "link"]; absent: both. */
  encryptionModes?: string[];
}

export type { PlikFile, PlikUpload } from '../../../protocol/plik-wire.js';

export interface User {
  id: string;
  provider: string;
  login: string;
  name: string;
  email: string;
  admin: boolean;
  maxFileSize: number;
  maxUserSize: number;
  maxTTL: number;
  createdAt: string;
}

export interface Token {
  token: string;
  comment: string;
  createdAt: string;
}

export interface Paged<T> {
  results: T[];
  after: string | null;
  before: string | null;
  offset: number;
  limit: number;
}

export interface UserStats {
  uploads: number;
  files: number;
  totalSize: number;
}

export interface ServerStats extends UserStats {
  users: number;
  anonymousUploads: number;
  anonymousTotalSize: number;
}

export interface Version {
  version: string;
}

/** One UTC day of Ferry's /me/activity or /activity. */
export interface DayActivity {
  day: string;
  uploads: number;
  files: number;
  bytesUploaded: number;
  downloads: number;
  bytesDownloaded: number;
}
