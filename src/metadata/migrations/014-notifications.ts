// Notifications: the webhooks users and admins register, the queue of deliveries (webhook calls and emails) that
// every instance takes work from, the password-reset tokens of local users (by their hash), and the uploads whose
// owner asked to be emailed when a file of theirs is downloaded. Released migrations never change: add a new file.
import type { Kysely } from 'kysely';
import { createTable, type SqlDialect } from './dialect.js';

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await createTable(db, dialect, 'webhooks')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    // null: a server-wide webhook, an admin's, told of every user's events.
    .addColumn('user_id', 'varchar(255)')
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    // The event types it wants, comma-separated.
    .addColumn('events', 'varchar(1024)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    // The signing secret sealed with the server's key (it must sign, so it cannot be a hash).
    .addColumn('sealed_secret', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_user_id').on('webhooks').column('user_id').execute();

  await createTable(db, dialect, 'deliveries')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    // What makes it one delivery: the webhook and event id, or the message's own; a second enqueue is ignored.
    .addColumn('dedup_key', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('webhook_id', 'varchar(32)')
    // Whose log shows it: the webhook's owner, null for a server-wide webhook or an email.
    .addColumn('owner_id', 'varchar(255)')
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
    // A webhook's JSON body (no secret in it); an email sealed with the server's key (a reset link is a credential).
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // The instance sending it, until when: another takes it over only once that lease has run out.
    .addColumn('lease_holder', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_webhook').on('deliveries').columns(['webhook_id', 'created_at']).execute();

  await createTable(db, dialect, 'password_resets')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_resets_expire_at').on('password_resets').column('expire_at').execute();

  await createTable(db, dialect, 'download_notifications')
    .addColumn('upload_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['download_notifications', 'password_resets', 'deliveries', 'webhooks']) await db.schema.dropTable(table).execute();
}
