// User records over Kysely. Deleting a user deletes their tokens, sessions, activity and usage counters and disowns their
// uploads in the same transaction: what goes with a user is decided here.
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { User, UserProvider } from '../../model/model.js';
import type { UserFilter, UserSearch } from '../../model/listing.js';
import type { Page, Slice } from '../../model/paging.js';
import type { SqlDialect } from '../migrations/dialect.js';
import type { UserChanges, UserRecords } from '../records/users.js';
import type { Database, UsersTable } from '../tables.js';
import { userConditions, userMatches, userOrder } from './list-orders.js';
import { pageOf } from './queries.js';

export class KyselyUserRecords implements UserRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async insertUser(user: User): Promise<boolean> {
    try {
      await this.db.insertInto('users').values(userRow(user)).execute();
      return true;
    } catch (err) {
      // The id is taken, by an earlier user or by an insert racing this one (two first sign-ins): anything else fails.
      if (await this.findUser(user.id)) return false;
      throw err;
    }
  }

  async findUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async updateUser(id: string, changes: UserChanges): Promise<void> {
    const columns: Updateable<UsersTable> = {};
    for (const [field, column] of Object.entries(CHANGEABLE_COLUMNS) as [keyof UserChanges, keyof UsersTable][]) {
      const value = changes[field];
      if (value !== undefined) Object.assign(columns, { [column]: field === 'isAdmin' ? (value ? 1 : 0) : value });
    }
    if (Object.keys(columns).length === 0) return;
    await this.db.updateTable('users').set(columns).where('id', '=', id).execute();
  }

  async deleteUser(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await tx.deleteFrom('tokens').where('user_id', '=', id).execute();
      await tx.deleteFrom('daily_activity').where('scope', '=', id).execute();
      await tx.deleteFrom('usage_totals').where('scope', '=', id).execute();
      await tx.deleteFrom('deliveries').where('owner_id', '=', id).execute();
      await tx.deleteFrom('webhooks').where('user_id', '=', id).execute();
      await tx.deleteFrom('password_resets').where('user_id', '=', id).execute();
      await tx.deleteFrom('download_notifications').where('user_id', '=', id).execute();
      for (const table of ['two_factor', 'two_factor_recovery_codes', 'two_factor_challenges'] as const)
        await tx.deleteFrom(table).where('user_id', '=', id).execute();
      await tx.deleteFrom('passkeys').where('user_id', '=', id).execute();
      await tx.deleteFrom('passkey_challenges').where('user_id', '=', id).execute();
      await tx.updateTable('uploads').set({ user_id: null, token_id: null }).where('user_id', '=', id).execute();
      // Their file requests go: nobody may send files to an account that no longer exists.
      const requests = tx.selectFrom('file_requests').select('id').where('user_id', '=', id);
      await tx.deleteFrom('request_uploads').where('request_id', 'in', requests).execute();
      await tx.deleteFrom('request_reservations').where('request_id', 'in', requests).execute();
      await tx.deleteFrom('file_requests').where('user_id', '=', id).execute();
      await tx.deleteFrom('users').where('id', '=', id).execute();
    });
  }

  async listUsers(filter: UserFilter, page: Page, now: number): Promise<Slice<User>> {
    const listed = this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => userConditions(eb, filter));
    return pageOf(listed, page, [(eb) => userOrder(eb, page.sort, now, this.dialect), 'id'], toUser);
  }

  async searchUsers(search: UserSearch): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => userConditions(eb, search))
      .where((eb) => userMatches(eb, search.text))
      .orderBy('login')
      .orderBy('id')
      .limit(search.limit)
      .execute();
    return rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    const { count } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  }
}

const CHANGEABLE_COLUMNS: Record<keyof UserChanges, keyof UsersTable> = {
  passwordHash: 'password_hash',
  name: 'name',
  email: 'email',
  isAdmin: 'is_admin',
  maxFileSize: 'max_file_size',
  maxUserSize: 'max_user_size',
  maxTtl: 'max_ttl',
  theme: 'theme',
  language: 'language',
  ageRecipient: 'age_recipient',
};

function userRow(u: User): UsersTable {
  return {
    id: u.id,
    provider: u.provider,
    login: u.login,
    password_hash: u.passwordHash,
    name: u.name,
    email: u.email,
    is_admin: u.isAdmin ? 1 : 0,
    max_file_size: u.maxFileSize,
    max_user_size: u.maxUserSize,
    max_ttl: u.maxTtl,
    created_at: u.createdAt,
    theme: u.theme,
    language: u.language,
    age_recipient: u.ageRecipient,
  };
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    provider: r.provider as UserProvider,
    login: r.login,
    passwordHash: r.password_hash,
    name: r.name,
    email: r.email,
    isAdmin: r.is_admin === 1,
    maxFileSize: Number(r.max_file_size),
    maxUserSize: Number(r.max_user_size),
    maxTtl: r.max_ttl,
    createdAt: Number(r.created_at),
    theme: r.theme,
    language: r.language,
    ageRecipient: r.age_recipient,
  };
}
