// Quota reservations over Kysely: an uploading file's size is its reservation, checked against its owner's other
// held files with the owner's row locked, so that one user's reservations are decided one after another.
import type { Kysely } from 'kysely';
import type { FileRef } from '../records/files.js';
import type { QuotaReservations } from '../records/quota.js';
import type { Database } from '../tables.js';
import { heldFiles, retried } from './queries.js';

export class KyselyQuotaReservations implements QuotaReservations {
  constructor(private readonly db: Kysely<Database>) {}

  async reserveBytes(file: FileRef, userId: string, bytes: number, limit: number, now: number): Promise<boolean> {
    return retried(() =>
      this.db.transaction().execute(async (tx) => {
        // Lock the owner's row where the dialect can: one user's reservations are decided one after another.
        await tx.updateTable('users').set({ id: userId }).where('id', '=', userId).execute();
        const { size } = await heldFiles(tx, { userId }, now)
          .select((eb) => eb.fn.sum<number | string | null>('files.size').as('size'))
          .where('files.id', '!=', file.fileId)
          .executeTakeFirstOrThrow();
        if (Number(size ?? 0) + bytes > limit) return false;
        // A file no longer uploading (removed meanwhile) reserves nothing; its upload fails at its end anyway.
        await tx
          .updateTable('files')
          .set({ size: bytes, reserved_at: now })
          .where('id', '=', file.fileId)
          .where('status', '=', 'uploading')
          .execute();
        return true;
      }),
    );
  }

  async releaseStaleReservations(before: number): Promise<number> {
    const result = await this.db
      .updateTable('files')
      .set({ size: 0 })
      .where('status', '=', 'uploading')
      .where('size', '>', 0)
      .where('reserved_at', '<', before)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
