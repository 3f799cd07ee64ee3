// Two-factor records over Kysely: time steps, recovery codes and challenges are each taken by one conditional
// UPDATE or DELETE, whose row count says whether this call is the one that took it.
import type { Kysely } from 'kysely';
import type { ChallengePurpose, TwoFactor, TwoFactorChallenge, TwoFactorRecords } from '../records/two-factor.js';
import type { Database } from '../tables.js';

export class KyselyTwoFactorRecords implements TwoFactorRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async findTwoFactor(userId: string): Promise<TwoFactor | undefined> {
    const row = await this.db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return (
      row && {
        userId: row.user_id,
        sealedSecret: row.sealed_secret,
        confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
        lastStep: Number(row.last_step),
        createdAt: Number(row.created_at),
      }
    );
  }

  async twoFactorUsers(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('two_factor')
      .select('user_id')
      .where('user_id', 'in', userIds)
      .where('confirmed_at', 'is not', null)
      .execute();
    return new Set(rows.map((row) => row.user_id));
  }

  async beginTwoFactor(userId: string, sealedSecret: string, now: number): Promise<boolean> {
    await this.db.deleteFrom('two_factor').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
    try {
      await this.db
        .insertInto('two_factor')
        .values({ user_id: userId, sealed_secret: sealedSecret, confirmed_at: null, last_step: 0, created_at: now })
        .execute();
      return true;
    } catch (err) {
      // The key is taken: by a confirmed enrolment, or by another start racing this one (which then stands).
      if (await this.findTwoFactor(userId)) return false;
      throw err;
    }
  }

  async confirmTwoFactor(userId: string, step: number, recoveryHashes: string[], now: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const confirmed = await tx
        .updateTable('two_factor')
        .set({ confirmed_at: now, last_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (confirmed.numUpdatedRows === 0n) return false;
      await tx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
      await tx
        .insertInto('two_factor_recovery_codes')
        .values(recoveryHashes.map((hash) => ({ code_hash: hash, user_id: userId })))
        .execute();
      return true;
    });
  }

  async takeTwoFactorStep(userId: string, step: number): Promise<boolean> {
    const taken = await this.db
      .updateTable('two_factor')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .where('last_step', '<', step)
      .executeTakeFirst();
    return taken.numUpdatedRows > 0n;
  }

  async takeRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const taken = await this.db
      .deleteFrom('two_factor_recovery_codes')
      .where('code_hash', '=', codeHash)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return taken.numDeletedRows > 0n;
  }

  async countRecoveryCodes(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('two_factor_recovery_codes')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async deleteTwoFactor(userId: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
      await tx.deleteFrom('two_factor_challenges').where('user_id', '=', userId).execute();
      const removed = await tx.deleteFrom('two_factor').where('user_id', '=', userId).executeTakeFirst();
      return removed.numDeletedRows > 0n;
    });
  }

  async insertTwoFactorChallenge(challenge: TwoFactorChallenge): Promise<void> {
    await this.db
      .insertInto('two_factor_challenges')
      .values({ token_hash: challenge.tokenHash, user_id: challenge.userId, purpose: challenge.purpose, expire_at: challenge.expireAt })
      .execute();
  }

  async findTwoFactorChallenge(tokenHash: string, now: number): Promise<TwoFactorChallenge | undefined> {
    const row = await this.db
      .selectFrom('two_factor_challenges')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return (
      row && { tokenHash: row.token_hash, userId: row.user_id, purpose: row.purpose as ChallengePurpose, expireAt: Number(row.expire_at) }
    );
  }

  async takeTwoFactorChallenge(tokenHash: string, now: number): Promise<boolean> {
    const taken = await this.db
      .deleteFrom('two_factor_challenges')
      .where('token_hash', '=', tokenHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return taken.numDeletedRows > 0n;
  }

  async deleteExpiredTwoFactorChallenges(now: number): Promise<void> {
    await this.db.deleteFrom('two_factor_challenges').where('expire_at', '<=', now).execute();
  }
}
