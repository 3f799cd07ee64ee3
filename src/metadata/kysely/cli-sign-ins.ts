// CLI sign-in records over Kysely: approval and claim are each one conditional statement, so that the database
// decides a race between two browsers or two polling CLIs.
import type { Kysely, Selectable } from 'kysely';
import type { CliSignIn, CliSignInRecords } from '../records/cli-sign-ins.js';
import type { CliSignInsTable, Database } from '../tables.js';

export class KyselyCliSignInRecords implements CliSignInRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertCliSignIn(request: CliSignIn): Promise<boolean> {
    try {
      await this.db
        .insertInto('cli_sign_ins')
        .values({
          code_hash: request.codeHash,
          secret_hash: request.secretHash,
          hostname: request.hostname,
          user_id: request.userId,
          comment: request.comment,
          created_at: request.createdAt,
          expire_at: request.expireAt,
        })
        .execute();
      return true;
    } catch (err) {
      // A duplicate key, whatever each dialect calls it: the row is there. Any other failure is thrown as it came.
      const taken = await this.db
        .selectFrom('cli_sign_ins')
        .select('code_hash')
        .where('code_hash', '=', request.codeHash)
        .executeTakeFirst();
      if (taken) return false;
      throw err;
    }
  }

  async findCliSignIn(codeHash: string, now: number): Promise<CliSignIn | undefined> {
    const row = await this.db
      .selectFrom('cli_sign_ins')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return row && toCliSignIn(row);
  }

  async approveCliSignIn(codeHash: string, userId: string, comment: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('cli_sign_ins')
      .set({ user_id: userId, comment })
      .where('code_hash', '=', codeHash)
      .where('user_id', 'is', null)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async claimCliSignIn(codeHash: string, secretHash: string, now: number): Promise<CliSignIn | undefined> {
    const found = await this.findCliSignIn(codeHash, now);
    if (!found || found.userId === null || found.secretHash !== secretHash) return undefined;
    // The delete repeats every condition: only the claim whose delete took the row may hand out a token.
    const result = await this.db
      .deleteFrom('cli_sign_ins')
      .where('code_hash', '=', codeHash)
      .where('secret_hash', '=', secretHash)
      .where('user_id', '=', found.userId)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return result.numDeletedRows > 0n ? found : undefined;
  }

  async deleteExpiredCliSignIns(now: number): Promise<void> {
    await this.db.deleteFrom('cli_sign_ins').where('expire_at', '<=', now).execute();
  }
}

const toCliSignIn = (r: Selectable<CliSignInsTable>): CliSignIn => ({
  codeHash: r.code_hash,
  secretHash: r.secret_hash,
  hostname: r.hostname,
  userId: r.user_id,
  comment: r.comment,
  createdAt: Number(r.created_at),
  expireAt: Number(r.expire_at),
});
