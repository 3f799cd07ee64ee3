// The upload rules as pure functions: TTL bounds, feature flags and declared sizes, without a server.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFeature, checkDeclaredSize, expiryFor, resolveTtl, TTL_CEILING, type UploadRules } from '../../src/domain/rules.js';
import { FEATURE_VALUES } from '../../src/model/features.js';

const DAY = 24 * 3600;
// resolveTtl reads only these two of the rules.
const rules = (setTtl: UploadRules['setTtl'], defaultTtl = 30 * DAY) => ({ setTtl, defaultTtl }) as UploadRules;

describe('the TTL an upload gets', () => {
  it('is the default when none is asked for, or when setting it is disabled', () => {
    expect(resolveTtl(rules('enabled'), 0, undefined)).toBe(30 * DAY);
    expect(resolveTtl(rules('enabled'), 0, 0)).toBe(30 * DAY);
    expect(resolveTtl(rules('disabled'), 0, 3600)).toBe(30 * DAY);
  });

  it('is what was asked within MaxTTL, refused past it, and never infinite under a MaxTTL', () => {
    expect(resolveTtl(rules('enabled'), DAY, 3600)).toBe(3600);
    expect(resolveTtl(rules('enabled'), DAY, DAY)).toBe(DAY);
    expect(() => resolveTtl(rules('enabled'), DAY, DAY + 1)).toThrow(`invalid TTL. (maximum allowed is : ${DAY})`);
    expect(() => resolveTtl(rules('enabled'), DAY, -1)).toThrow(`cannot set infinite TTL (maximum allowed is : ${DAY})`);
    expect(resolveTtl(rules('enabled'), 0, -1)).toBe(-1);
  });

  it('never passes 100 years, whatever MaxTTL says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * TTL_CEILING }), fc.integer({ min: 1, max: 4 * TTL_CEILING }), (maxTtl, requested) => {
        let ttl: number;
        try {
          ttl = resolveTtl(rules('enabled'), maxTtl, requested);
        } catch {
          return requested > TTL_CEILING || (maxTtl > 0 && requested > maxTtl);
        }
        return ttl === requested && ttl <= TTL_CEILING && (maxTtl <= 0 || ttl <= maxTtl);
      }),
    );
  });

  it('expires TTL seconds from now, and never when negative', () => {
    expect(expiryFor(60, 1_000)).toBe(61_000);
    expect(expiryFor(-1, 1_000)).toBeNull();
  });
});

describe('a feature flag applied to what a client asked', () => {
  it('forces true when forced, refuses true when disabled, and otherwise takes the request', () => {
    for (const flag of FEATURE_VALUES) {
      for (const requested of [false, true]) {
        const outcome = () => applyFeature(flag, requested, 'refused');
        if (flag === 'forced') expect(outcome()).toBe(true);
        else if (flag === 'disabled' && requested) expect(outcome).toThrow('refused');
        else expect(outcome()).toBe(requested);
      }
    }
  });
});

describe('a declared file size', () => {
  it("passes up to MaxFileSize, is refused past it in Plik's words, and any size passes without a limit", () => {
    expect(() => checkDeclaredSize(1000, 1000)).not.toThrow();
    expect(() => checkDeclaredSize(1000, 1001)).toThrow('file is too big (1.0 kB), maximum file size is 1.0 kB');
    expect(() => checkDeclaredSize(0, Number.MAX_SAFE_INTEGER)).not.toThrow();
  });
});
