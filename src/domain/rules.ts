// The server-wide rules an upload must follow: Plik's feature flags, TTL bounds and limits.
import type { FeatureValue } from '../model/features.js';
import type { AddressLimits } from './address-limits.js';
import type { EncryptionRules } from './encryption.js';
import { badRequest } from '../model/errors.js';
import { formatSize } from './sizes.js';

export interface UploadRules {
  /** disabled: no users; enabled: users and anonymous uploads; forced: every upload needs a user. */
  authentication: FeatureValue;
  oneShot: FeatureValue;
  removable: FeatureValue;
  stream: FeatureValue;
  password: FeatureValue;
  comments: FeatureValue;
  setTtl: FeatureValue;
  extendTtl: FeatureValue;
  /** Uploads their client encrypts end to end (e2ee): the server only keeps what it is sent. */
  e2ee: FeatureValue;
  /** Seconds; applied when the client asks for none (or 0). */
  defaultTtl: number;
  /** Seconds; 0 or less means no maximum, and only then may an upload never expire. */
  maxTtl: number;
  /** Bytes; 0 or less means no limit. */
  maxFileSize: number;
  maxFilePerUpload: number;
  /** Bytes a user may keep in live files; 0 or less means no quota. */
  maxUserSize: number;
  encryption: EncryptionRules;
  /** Store identical content once (never across link-encrypted files, whose keys the server does not have). */
  deduplication: boolean;
  /** Who may create uploads, and how much one address may do without an account. */
  addressLimits: AddressLimits;
}

/**
 * A requested on/off option under its feature flag: "disabled" refuses true, "forced" makes it true,
 * "enabled" and "default" take what was asked ("default" only changes what the web UI pre-ticks).
 */
export function applyFeature(flag: FeatureValue, requested: boolean, refusal: string): boolean {
  if (flag === 'forced') return true;
  if (requested && flag === 'disabled') throw badRequest(refusal);
  return requested;
}

/**
 * The longest TTL anyone may set, whatever MaxTTL says: 100 years. Past some thousands of years an expiry is no
 * longer a date every database and JSON can hold, and each listing showing that upload failed; a negative TTL
 * (never expires) is how to keep an upload for good.
 */
export const TTL_CEILING = 100 * 365 * 24 * 3600;

/** The TTL an upload gets, in seconds; negative means it never expires. `maxTtl` ≤ 0 means no maximum but TTL_CEILING. */
export function resolveTtl(rules: UploadRules, maxTtl: number, requested: number | undefined): number {
  if (rules.setTtl === 'disabled' || !requested) return rules.defaultTtl;
  if (maxTtl > 0) {
    if (requested < 0) throw badRequest(`cannot set infinite TTL (maximum allowed is : ${maxTtl})`);
    if (requested > maxTtl) throw badRequest(`invalid TTL. (maximum allowed is : ${maxTtl})`);
  }
  if (requested > TTL_CEILING) throw badRequest(`invalid TTL. (maximum allowed is : ${TTL_CEILING})`);
  return requested;
}

export function expiryFor(ttl: number, now: number): number | null {
  return ttl > 0 ? now + ttl * 1000 : null;
}

/** A size declared before the bytes come, checked against the limit that will apply to them. */
export function checkDeclaredSize(maxFileSize: number, size: number): void {
  if (maxFileSize > 0 && size > maxFileSize) {
    throw badRequest(`file is too big (${formatSize(size)}), maximum file size is ${formatSize(maxFileSize)}`);
  }
}
