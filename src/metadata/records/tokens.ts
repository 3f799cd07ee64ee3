// Token records: a user's upload tokens, kept by hash, told apart by their prefix.
import type { Token } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';

export interface TokenRecords {
  insertToken(token: Token): Promise<void>;
  findToken(hash: string): Promise<Token | undefined>;
  /** At most two tokens (of one user, or of anyone) that begin with `prefix`: enough to tell one from several. */
  findTokensByPrefix(prefix: string, userId?: string): Promise<Token[]>;
  /** The prefix of each token of these hashes that still exists, by hash, for lists of uploads. */
  tokenPrefixes(hashes: string[]): Promise<Map<string, string>>;
  /**
   * The user's tokens in the page's order by its sort (model/listing.ts' TOKEN_SORTS; the date for one it does not
   * know), then by hash. `now` tells which uploads are live, for the sort by size.
   */
  listTokens(userId: string, page: Page, now: number): Promise<Slice<Token>>;
  /** false when the user has no such token. */
  deleteToken(userId: string, hash: string): Promise<boolean>;
}
