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
  /** The user's tokens by createdAt, then hash. */
  listTokens(userId: string, page: Page): Promise<Slice<Token>>;
  /** false when the user has no such token. */
  deleteToken(userId: string, hash: string): Promise<boolean>;
}
