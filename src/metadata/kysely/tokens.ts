// Token records over Kysely: rows keyed by the token's hash, never by the token.
import type { Kysely, Selectable } from 'kysely';
import type { Token } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';
import type { TokenRecords } from '../records/tokens.js';
import type { Database, TokensTable } from '../tables.js';
import { tokenOrder } from './list-orders.js';
import { pageOf } from './queries.js';

export class KyselyTokenRecords implements TokenRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertToken(token: Token): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({ hash: token.hash, prefix: token.prefix, user_id: token.userId, comment: token.comment, created_at: token.createdAt })
      .execute();
  }

  async findToken(hash: string): Promise<Token | undefined> {
    const row = await this.db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && toToken(row);
  }

  async findTokensByPrefix(prefix: string, userId?: string): Promise<Token[]> {
    let query = this.db.selectFrom('tokens').selectAll().where('prefix', '=', prefix);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return (await query.limit(2).execute()).map(toToken);
  }

  async tokenPrefixes(hashes: string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('tokens')
      .select(['hash', 'prefix'])
      .where('hash', 'in', [...new Set(hashes)])
      .execute();
    return new Map(rows.map((r) => [r.hash, r.prefix]));
  }

  async listTokens(userId: string, page: Page, now: number): Promise<Slice<Token>> {
    const listed = this.db.selectFrom('tokens').selectAll().where('user_id', '=', userId);
    return pageOf(listed, page, [(eb) => tokenOrder(eb, page.sort, now), 'hash'], toToken);
  }

  async deleteToken(userId: string, hash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('tokens').where('hash', '=', hash).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

const toToken = (r: Selectable<TokensTable>): Token => ({
  hash: r.hash,
  prefix: r.prefix,
  userId: r.user_id,
  comment: r.comment,
  createdAt: Number(r.created_at),
});
