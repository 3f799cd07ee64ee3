// A user's own preferences, as Plik 1.4's PATCH /me sets them: the web page's theme and language ('' : none
// chosen). Released migrations never change: add a new file instead.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['theme', 'language']) {
    await db.schema
      .alterTable('users')
      .addColumn(column, 'varchar(35)', (c) => c.notNull().defaultTo(''))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['language', 'theme']) await db.schema.alterTable('users').dropColumn(column).execute();
}
