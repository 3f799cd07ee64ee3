// Leases over Kysely: one row per name, taken by a conditional UPDATE or, for a new name, by the insert that wins.
import type { Kysely } from 'kysely';
import type { Leases } from '../records/leases.js';
import type { Database } from '../tables.js';

export class KyselyLeases implements Leases {
  constructor(private readonly db: Kysely<Database>) {}

  async takeLease(name: string, holder: string, now: number, until: number): Promise<boolean> {
    const renewed = await this.db
      .updateTable('leases')
      .set({ holder, expires_at: until })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
      .executeTakeFirst();
    if (renewed.numUpdatedRows > 0n) return true;
    try {
      await this.db.insertInto('leases').values({ name, holder, expires_at: until }).execute();
      return true;
    } catch (err) {
      // The insert lost to another holder's (the key exists now): the lease is theirs. Anything else is a failure.
      if (await this.db.selectFrom('leases').select('name').where('name', '=', name).executeTakeFirst()) return false;
      throw err;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}
