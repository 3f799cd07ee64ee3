// The limits that apply to one user: their own where an admin set one, the server's otherwise.
import { tooLarge, type FerryError } from '../model/errors.js';
import type { User } from '../model/model.js';
import type { UploadRules } from './rules.js';
import { formatSize } from './sizes.js';

export interface EffectiveLimits {
  /** Each: 0 or less means none. */
  maxFileSize: number;
  maxTtl: number;
  maxUserSize: number;
}

/** A user's value of 0 means "the server's"; a negative one means "none", whatever the server says. */
export function limitsFor(rules: UploadRules, user: User | undefined): EffectiveLimits {
  const pick = (own: number | undefined, server: number) => (own !== undefined && own !== 0 ? own : server);
  return {
    maxFileSize: pick(user?.maxFileSize, rules.maxFileSize),
    maxTtl: pick(user?.maxTtl, rules.maxTtl),
    maxUserSize: pick(user?.maxUserSize, rules.maxUserSize),
  };
}

/** A bound on the bytes of one file, and the error that says which limit it hit. */
export interface ByteLimit {
  bytes: number;
  error: () => FerryError;
}

/** The tighter of the per-file limit and what is left of the user's quota, or none. */
export function byteLimit(limits: EffectiveLimits, quotaLeft: number | undefined): ByteLimit | undefined {
  const fileLimit: ByteLimit | undefined =
    limits.maxFileSize > 0
      ? { bytes: limits.maxFileSize, error: () => tooLarge(`file too big (limit is set to ${formatSize(limits.maxFileSize)})`) }
      : undefined;
  const quotaLimit: ByteLimit | undefined =
    quotaLeft !== undefined
      ? { bytes: quotaLeft, error: () => tooLarge(`maximum user upload size reached. (${formatSize(limits.maxUserSize)})`) }
      : undefined;
  return tighterLimit(fileLimit, quotaLimit);
}

/** The tighter of two limits, either of which may be none. */
export function tighterLimit(a: ByteLimit | undefined, b: ByteLimit | undefined): ByteLimit | undefined {
  if (!a || !b) return a ?? b;
  return b.bytes < a.bytes ? b : a;
}
