// Users, upload tokens and sessions over Kysely; the base of KyselyMetadataStore, split out to keep files small.
import type { Kysely, Selectable } from 'kysely';
import type { Page, Slice } from '../model/paging.js';
import type { Session, Token, User, UserProvider } from '../model/model.js';
import type { SessionRecords } from './records/sessions.js';
import type { TokenRecords } from './records/tokens.js';
import type { UserRecords } from './records/users.js';
import type { Database, SessionsTable, TokensTable, UsersTable } from './tables.js';

/** Sort keys the lists accept, by the column they order on. */
const USER_SORT = { createdAt: 'created_at', login: 'login' } as const;
const TOKEN_SORT = { createdAt: 'created_at' } as const;

export class KyselyAccountRecords implements UserRecords, TokenRecords, SessionRecords {
  constructor(protected readonly db: Kysely<Database>) {}

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
      await tx.updateTable('uploads').set({ user_id: null, token_id: null }).where('user_id', '=', id).execute();
      await tx.deleteFrom('users').where('id', '=', id).execute();
    });
  }

  async listUsers(page: Page): Promise<Slice<User>> {
    const sort = USER_SORT[page.sort as keyof typeof USER_SORT] ?? 'created_at';
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .orderBy(sort, page.order)
      .orderBy('id', page.order)
      .limit(page.limit + 1)
      .offset(page.offset)
      .execute();
    return slice(rows.map(toUser), page);
  }

  async countUsers(): Promise<number> {
    const { count } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  async insertToken(token: Token): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({ hash: token.hash, prefix: token.prefix, user_id: token.userId, comment: token.comment, created_at: token.createdAt })
      .execute();
  }

  async findToken(hash: string): Promise<Token | undefined> {
    const row = await this.db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && toToken(row);
  }

  async findTokensByPrefix(prefix: string, userId?: string): Promise<Token[]> {
    let query = this.db.selectFrom('tokens').selectAll().where('prefix', '=', prefix);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return (await query.limit(2).execute()).map(toToken);
  }

  async tokenPrefixes(hashes: string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.db.selectFrom('tokens').select(['hash', 'prefix']).where('hash', 'in', [...new Set(hashes)]).execute();
    return new Map(rows.map((r) => [r.hash, r.prefix]));
  }

  async listTokens(userId: string, page: Page): Promise<Slice<Token>> {
    const sort = TOKEN_SORT[page.sort as keyof typeof TOKEN_SORT] ?? 'created_at';
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy(sort, page.order)
      .orderBy('hash', page.order)
      .limit(page.limit + 1)
      .offset(page.offset)
      .execute();
    return slice(rows.map(toToken), page);
  }

  async deleteToken(userId: string, hash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('tokens').where('hash', '=', hash).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

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

/** A page's rows, fetched one beyond the limit to learn whether more follow. */
export function slice<T>(rows: T[], page: Page): Slice<T> {
  return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
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
  };
}

const toToken = (r: Selectable<TokensTable>): Token => ({
  hash: r.hash,
  prefix: r.prefix,
  userId: r.user_id,
  comment: r.comment,
  createdAt: Number(r.created_at),
});

const toSession = (r: Selectable<SessionsTable>): Session => ({
  idHash: r.id_hash,
  userId: r.user_id,
  xsrf: r.xsrf,
  createdAt: Number(r.created_at),
  expireAt: Number(r.expire_at),
});
