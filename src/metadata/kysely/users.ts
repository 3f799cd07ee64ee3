// User records over Kysely. Deleting a user deletes their tokens, sessions, activity and usage counters and disowns their
// uploads in the same transaction: what goes with a user is decided here.
import type { Kysely, Selectable } from 'kysely';
import type { User, UserProvider } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';
import type { UserRecords } from '../records/users.js';
import type { Database, UsersTable } from '../tables.js';
import { pageOf } from './queries.js';

/** Sort keys the list accepts, by the column they order on. */
const USER_SORT = { createdAt: 'created_at', login: 'login' } as const;

export class KyselyUserRecords implements UserRecords {
  constructor(private readonly db: Kysely<Database>) {}

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

  async updateUser(user: User): Promise<void> {
    const { id, ...changes } = userRow(user);
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async deleteUser(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await tx.deleteFrom('tokens').where('user_id', '=', id).execute();
      await tx.deleteFrom('daily_activity').where('scope', '=', id).execute();
      await tx.deleteFrom('usage_totals').where('scope', '=', id).execute();
      await tx.updateTable('uploads').set({ user_id: null, token_id: null }).where('user_id', '=', id).execute();
      await tx.deleteFrom('users').where('id', '=', id).execute();
    });
  }

  async listUsers(page: Page): Promise<Slice<User>> {
    const sort = USER_SORT[page.sort as keyof typeof USER_SORT] ?? 'created_at';
    return pageOf(this.db.selectFrom('users').selectAll(), page, [sort, 'id'], toUser);
  }

  async countUsers(): Promise<number> {
    const { count } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  }
}

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
  };
}
