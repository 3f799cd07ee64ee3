// Download accounting, as Plik 1.4 keeps it: each upload's and file's download count and last download, and the
// bytes an upload's files served, Range responses included. Counted by increments in the database, so that every
// instance adds to the same figures. Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['uploads', 'files']) {
    await db.schema
      .alterTable(table)
      .addColumn('download_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable(table).addColumn('last_downloaded_at', 'bigint').execute();
  }
  await db.schema
    .alterTable('uploads')
    .addColumn('downloaded_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('uploads').dropColumn('downloaded_bytes').execute();
  for (const table of ['uploads', 'files']) {
    for (const column of ['last_downloaded_at', 'download_count']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
