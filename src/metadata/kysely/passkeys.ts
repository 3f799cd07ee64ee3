// Passkey records over Kysely: a credential is found by the hash of its id (the unique index), a challenge is used
// by the DELETE that takes its row, and a counter moves by a conditional UPDATE, so that the database decides races.
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Passkey, PasskeyChallenge, PasskeyRecords } from '../records/passkeys.js';
import type { Database, PasskeysTable } from '../tables.js';

/** Not a secret, but long and of any length: its fixed-size hash is what the index holds. */
const hashOfCredential = (credentialId: string) => createHash('sha256').update(credentialId).digest('hex');

export class KyselyPasskeyRecords implements PasskeyRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertPasskey(passkey: Passkey): Promise<boolean> {
    try {
      await this.db
        .insertInto('passkeys')
        .values({
          id: passkey.id,
          user_id: passkey.userId,
          name: passkey.name,
          credential_id: passkey.credentialId,
          credential_hash: hashOfCredential(passkey.credentialId),
          public_key: passkey.publicKey,
          counter: passkey.counter,
          transports: passkey.transports.join(','),
          created_at: passkey.createdAt,
          last_used_at: passkey.lastUsedAt,
        })
        .execute();
      return true;
    } catch (err) {
      // A duplicate key, whatever each dialect calls it: the credential is someone's already. Anything else is thrown.
      if (await this.findPasskeyByCredential(passkey.credentialId)) return false;
      throw err;
    }
  }

  async findPasskeyByCredential(credentialId: string): Promise<Passkey | undefined> {
    const row = await this.db
      .selectFrom('passkeys')
      .selectAll()
      .where('credential_hash', '=', hashOfCredential(credentialId))
      .executeTakeFirst();
    // The hash found it; the id itself must match too.
    return row && row.credential_id === credentialId ? toPasskey(row) : undefined;
  }

  async listPasskeys(userId: string): Promise<Passkey[]> {
    const rows = await this.db
      .selectFrom('passkeys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPasskey);
  }

  async renamePasskey(userId: string, id: string, name: string): Promise<boolean> {
    const result = await this.db
      .updateTable('passkeys')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deletePasskey(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async recordPasskeyUse(id: string, counter: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('passkeys')
      .set({ counter, last_used_at: now })
      .where('id', '=', id)
      .where((eb) => (counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', counter)))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async insertPasskeyChallenge(challenge: PasskeyChallenge, now: number): Promise<void> {
    await this.db.deleteFrom('passkey_challenges').where('expire_at', '<=', now).execute();
    await this.db
      .insertInto('passkey_challenges')
      .values({
        challenge_hash: challenge.challengeHash,
        purpose: challenge.purpose,
        user_id: challenge.userId,
        expire_at: challenge.expireAt,
      })
      .execute();
  }

  async takePasskeyChallenge(challenge: Omit<PasskeyChallenge, 'expireAt'>, now: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('passkey_challenges')
      .where('challenge_hash', '=', challenge.challengeHash)
      .where('purpose', '=', challenge.purpose)
      .where((eb) => (challenge.userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', challenge.userId)))
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

const toPasskey = (r: Selectable<PasskeysTable>): Passkey => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  credentialId: r.credential_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: r.transports ? r.transports.split(',') : [],
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});
