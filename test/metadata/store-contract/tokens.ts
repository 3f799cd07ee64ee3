// Token records: kept by hash, found by hash or by the prefix a user sees, listed per user, deleted by their user only.
import { describe, expect, it } from 'vitest';
import type { Token } from '../../../src/model/model.js';
import { randomId } from '../../../src/model/ids.js';
import { aToken, aUser, T0, type ContractContext } from './context.js';

export const TOKEN_METHODS = ['insertToken', 'findToken', 'findTokensByPrefix', 'tokenPrefixes', 'listTokens', 'deleteToken'] as const;

const page = (offset: number, limit: number, order: 'asc' | 'desc' = 'desc') => ({ offset, limit, order, sort: 'createdAt' });
const hashes = (tokens: Token[]) => tokens.map((t) => t.hash);

export function tokensContract(ctx: ContractContext): void {
  describe('tokens', () => {
    it('gives back a token by its hash, every field; none for another hash', async () => {
      const s = ctx.store();
      const token = aToken(aUser(), { comment: 'for scripts' });
      await s.insertToken(token);
      expect(await s.findToken(token.hash)).toEqual(token);
      expect(await s.findToken(randomId(64))).toBeUndefined();
    });

    it("finds at most two tokens by prefix, anyone's or one user's", async () => {
      const s = ctx.store();
      const [ann, bob] = [aUser(), aUser()];
      const prefix = randomId(8);
      const anns = [aToken(ann, { prefix }), aToken(ann, { prefix }), aToken(ann, { prefix })];
      const bobs = aToken(bob, { prefix });
      for (const token of [...anns, bobs]) await s.insertToken(token);
      expect(await s.findTokensByPrefix(prefix)).toHaveLength(2);
      const annsFound = await s.findTokensByPrefix(prefix, ann.id);
      expect(annsFound).toHaveLength(2);
      expect(annsFound.every((t) => t.userId === ann.id)).toBe(true);
      expect(await s.findTokensByPrefix(prefix, bob.id)).toEqual([bobs]);
      expect(await s.findTokensByPrefix(randomId(8))).toEqual([]);
    });

    it('gives the prefix of each token still there, by hash, once per hash', async () => {
      const s = ctx.store();
      const user = aUser();
      const [kept, other] = [aToken(user), aToken(user)];
      await Promise.all([kept, other].map((token) => s.insertToken(token)));
      const gone = randomId(64);
      expect(await s.tokenPrefixes([kept.hash, gone, kept.hash, other.hash])).toEqual(
        new Map([
          [kept.hash, kept.prefix],
          [other.hash, other.prefix],
        ]),
      );
      expect(await s.tokenPrefixes([])).toEqual(new Map());
    });

    it("lists a user's tokens newest first, a page at a time, and no one else's", async () => {
      const s = ctx.store();
      const [user, other] = [aUser(), aUser()];
      const tokens = [0, 1, 2].map((i) => aToken(user, { createdAt: T0 + i }));
      for (const token of [...tokens, aToken(other)]) await s.insertToken(token);
      const newest = [...tokens].reverse();
      expect(await s.listTokens(user.id, page(0, 2), T0)).toEqual({ items: newest.slice(0, 2), hasMore: true, total: 3 });
      expect(await s.listTokens(user.id, page(2, 2), T0)).toEqual({ items: newest.slice(2), hasMore: false, total: 3 });
      expect(hashes((await s.listTokens(user.id, page(0, 10, 'asc'), T0)).items)).toEqual(hashes(tokens));
      expect(await s.listTokens(aUser().id, page(0, 10), T0)).toEqual({ items: [], hasMore: false, total: 0 });
    });

    it('deletes a token for its user only', async () => {
      const s = ctx.store();
      const user = aUser();
      const token = aToken(user);
      await s.insertToken(token);
      expect(await s.deleteToken(aUser().id, token.hash)).toBe(false);
      expect(await s.findToken(token.hash)).toEqual(token);
      expect(await s.deleteToken(user.id, token.hash)).toBe(true);
      expect(await s.findToken(token.hash)).toBeUndefined();
      expect(await s.deleteToken(user.id, token.hash)).toBe(false);
    });
  });
}
