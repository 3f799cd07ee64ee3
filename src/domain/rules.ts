// The server-wide rules an upload must follow: Plik's feature flags, TTL bounds and limits.
import type { FeatureValue } from '../config/schema.js';
import { badRequest } from './errors.js';
import { formatSize } from './sizes.js';

export interface UploadRules {
  oneShot: FeatureValue;
  removable: FeatureValue;
  stream: FeatureValue;
  password: FeatureValue;
  comments: FeatureValue;
  setTtl: FeatureValue;
  extendTtl: FeatureValue;
  /** Seconds; applied when the client asks for none (or 0). */
  defaultTtl: number;
  /** Seconds; 0 or less means no maximum, and only then may an upload never expire. */
  maxTtl: number;
  /** Bytes; 0 or less means no limit. */
  maxFileSize: number;
  maxFilePerUpload: number;
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

/** The TTL an upload gets, in seconds; negative means it never expires. */
export function resolveTtl(rules: UploadRules, requested: number | undefined): number {
  if (rules.setTtl === 'disabled' || !requested) return rules.defaultTtl;
  if (rules.maxTtl > 0) {
    if (requested < 0) throw badRequest(`cannot set infinite TTL (maximum allowed is : ${rules.maxTtl})`);
    if (requested > rules.maxTtl) throw badRequest(`invalid TTL. (maximum allowed is : ${rules.maxTtl})`);
  }
  return requested;
}

export function expiryFor(ttl: number, now: number): number | null {
  return ttl > 0 ? now + ttl * 1000 : null;
}

export function checkDeclaredSize(rules: UploadRules, size: number): void {
  if (rules.maxFileSize > 0 && size > rules.maxFileSize) {
    throw badRequest(
      `file is too big (${formatSize(size)}), maximum file size is ${formatSize(rules.maxFileSize)}`,
    );
  }
}
