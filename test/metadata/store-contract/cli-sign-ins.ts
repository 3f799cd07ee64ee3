// CLI sign-in records: found by the hash of their code until they expire; approved once, by whoever is first;
// claimed once, by the holder of the secret, and only once approved: of parallel approvals and claims, one wins.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import type { CliSignIn } from '../../../src/metadata/records/cli-sign-ins.js';
import { T0, type ContractContext } from './context.js';

export const CLI_SIGN_IN_METHODS = [
  'insertCliSignIn',
  'findCliSignIn',
  'approveCliSignIn',
  'claimCliSignIn',
  'deleteExpiredCliSignIns',
] as const;

const aRequest = (overrides: Partial<CliSignIn> = {}): CliSignIn => ({
  codeHash: randomId(64),
  secretHash: randomId(64),
  hostname: 'laptop',
  userId: null,
  comment: '',
  createdAt: T0,
  expireAt: T0 + 300_000,
  ...overrides,
});

const count = (results: unknown[]) => results.filter(Boolean).length;

export function cliSignInsContract(ctx: ContractContext): void {
  describe('CLI sign-ins', () => {
    it('gives back a request by its code hash until `now` reaches its expiry; a second insert of that hash says false', async () => {
      const s = ctx.store();
      const request = aRequest();
      expect(await s.insertCliSignIn(request)).toBe(true);
      expect(await s.findCliSignIn(request.codeHash, T0 + 299_999)).toEqual(request);
      expect(await s.findCliSignIn(request.codeHash, T0 + 300_000)).toBeUndefined();
      expect(await s.insertCliSignIn(aRequest({ codeHash: request.codeHash }))).toBe(false);
      expect(await s.findCliSignIn(request.codeHash, T0)).toEqual(request);
    });

    it('is approved once: of ten approvals at once one wins, and its user and comment stay', async () => {
      const s = ctx.store();
      const request = aRequest();
      await s.insertCliSignIn(request);
      const approvals = await Promise.all(
        Array.from({ length: 10 }, (_, i) => s.approveCliSignIn(request.codeHash, `local:user-${i}`, `comment ${i}`, T0)),
      );
      expect(count(approvals)).toBe(1);
      const winner = approvals.indexOf(true);
      expect(await s.findCliSignIn(request.codeHash, T0)).toEqual({
        ...request,
        userId: `local:user-${winner}`,
        comment: `comment ${winner}`,
      });
    });

    it('is not approved once expired, nor when unknown', async () => {
      const s = ctx.store();
      const request = aRequest();
      await s.insertCliSignIn(request);
      expect(await s.approveCliSignIn(request.codeHash, 'local:late', '', request.expireAt)).toBe(false);
      expect(await s.approveCliSignIn(randomId(64), 'local:anyone', '', T0)).toBe(false);
      expect((await s.findCliSignIn(request.codeHash, T0))?.userId).toBeNull();
    });

    it('is claimed by the holder of the secret only once approved, and before it expires', async () => {
      const s = ctx.store();
      const request = aRequest();
      await s.insertCliSignIn(request);
      expect(await s.claimCliSignIn(request.codeHash, request.secretHash, T0)).toBeUndefined();
      await s.approveCliSignIn(request.codeHash, 'local:ann', 'CLI on laptop', T0);
      expect(await s.claimCliSignIn(request.codeHash, randomId(64), T0)).toBeUndefined();
      expect(await s.claimCliSignIn(request.codeHash, request.secretHash, request.expireAt)).toBeUndefined();
      const claimed = await s.claimCliSignIn(request.codeHash, request.secretHash, T0);
      expect(claimed).toEqual({ ...request, userId: 'local:ann', comment: 'CLI on laptop' });
      expect(await s.claimCliSignIn(request.codeHash, request.secretHash, T0)).toBeUndefined();
      expect(await s.findCliSignIn(request.codeHash, T0)).toBeUndefined();
    });

    it('of ten claims at once, exactly one gets the request', async () => {
      const s = ctx.store();
      const request = aRequest();
      await s.insertCliSignIn(request);
      await s.approveCliSignIn(request.codeHash, 'local:ann', '', T0);
      const claims = await Promise.all(Array.from({ length: 10 }, () => s.claimCliSignIn(request.codeHash, request.secretHash, T0)));
      expect(count(claims)).toBe(1);
    });

    it('deletes the requests expired at `now`, and those only', async () => {
      const s = ctx.store();
      const [expired, live] = [aRequest({ expireAt: T0 - 10 ** 9 }), aRequest({ expireAt: T0 - 10 ** 9 + 1 })];
      await s.insertCliSignIn(expired);
      await s.insertCliSignIn(live);
      await s.deleteExpiredCliSignIns(T0 - 10 ** 9);
      // Looked for at an earlier `now`: only deleted rows are gone, not merely expired ones.
      expect(await s.findCliSignIn(expired.codeHash, T0 - 2 * 10 ** 9)).toBeUndefined();
      expect(await s.findCliSignIn(live.codeHash, T0 - 2 * 10 ** 9)).toEqual(live);
    });
  });
}
