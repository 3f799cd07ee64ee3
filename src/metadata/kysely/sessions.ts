// Session records over Kysely: rows keyed by the session id's hash; an expired one is never found, then deleted.
import type { Kysely, Selectable } from 'kysely';
import type { Session } from '../../model/model.js';
import type { SessionRecords } from '../records/sessions.js';
import type { Database, SessionsTable } from '../tables.js';

export class KyselySessionRecords implements SessionRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertSession(session: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: session.idHash,
        user_id: session.userId,
        xsrf: session.xsrf,
        created_at: session.createdAt,
        expire_at: session.expireAt,
      })
      .execute();
  }

  async findSession(idHash: string, now: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteSessionsOf(userId: string, except?: string): Promise<number> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (except !== undefined) query = query.where('id_hash', '<>', except);
    return Number((await query.executeTakeFirst()).numDeletedRows);
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expire_at', '<=', now).execute();
  }
}

const toSession = (r: Selectable<SessionsTable>): Session => ({
  idHash: r.id_hash,
  userId: r.user_id,
  xsrf: r.xsrf,
  createdAt: Number(r.created_at),
  expireAt: Number(r.expire_at),
});
