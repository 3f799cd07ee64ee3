// Invitation records over Kysely: taking one is a conditional UPDATE on its row, which the database decides.
import type { Kysely, Selectable } from 'kysely';
import type { Invitation } from '../../model/invitations.js';
import type { InvitationRecords } from '../records/invitations.js';
import type { Database, InvitationsTable } from '../tables.js';
import { optionalNumber } from './rows.js';

export class KyselyInvitationRecords implements InvitationRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async insertInvitation(i: Invitation, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('invitations')
      .values({
        id: i.id,
        token_hash: tokenHash,
        created_by: i.createdBy,
        email: i.email,
        note: i.note,
        created_at: i.createdAt,
        expire_at: i.expireAt,
        used_at: i.usedAt,
        used_by: i.usedBy,
        revoked_at: i.revokedAt,
      })
      .execute();
  }

  async findInvitation(id: string): Promise<Invitation | undefined> {
    const row = await this.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInvitation(row);
  }

  async findInvitationByToken(tokenHash: string): Promise<Invitation | undefined> {
    const row = await this.db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toInvitation(row);
  }

  async listInvitations(filter: { createdBy?: string }, limit: number): Promise<Invitation[]> {
    let query = this.db.selectFrom('invitations').selectAll();
    if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toInvitation);
  }

  async takeInvitation(tokenHash: string, userId: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ used_at: now, used_by: userId })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expire_at', '>', now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseInvitation(tokenHash: string, userId: string): Promise<void> {
    await this.db
      .updateTable('invitations')
      .set({ used_at: null, used_by: null })
      .where('token_hash', '=', tokenHash)
      .where('used_by', '=', userId)
      .execute();
  }

  async revokeInvitation(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toInvitation(r: Selectable<InvitationsTable>): Invitation {
  return {
    id: r.id,
    createdBy: r.created_by,
    email: r.email,
    note: r.note,
    createdAt: Number(r.created_at),
    expireAt: Number(r.expire_at),
    usedAt: optionalNumber(r.used_at),
    usedBy: r.used_by,
    revokedAt: optionalNumber(r.revoked_at),
  };
}
