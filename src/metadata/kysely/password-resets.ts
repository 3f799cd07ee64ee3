// Password resets over Kysely: a token is used by the delete that takes its row, so it works once.
import type { Kysely } from 'kysely';
import type { PasswordReset, PasswordResetRecords } from '../records/password-resets.js';
import type { Database } from '../tables.js';

export class KyselyPasswordResetRecords implements PasswordResetRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertPasswordReset(reset: PasswordReset): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({ token_hash: reset.tokenHash, user_id: reset.userId, created_at: reset.createdAt, expire_at: reset.expireAt })
      .execute();
  }

  async takePasswordReset(tokenHash: string, now: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('password_resets')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    if (!row) return undefined;
    const taken = await this.db
      .deleteFrom('password_resets')
      .where('token_hash', '=', tokenHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return taken.numDeletedRows > 0n ? row.user_id : undefined;
  }

  async deletePasswordResets(filter: { userId: string } | { expiredAt: number }): Promise<void> {
    const remove = this.db.deleteFrom('password_resets');
    await ('userId' in filter ? remove.where('user_id', '=', filter.userId) : remove.where('expire_at', '<=', filter.expiredAt)).execute();
  }
}
