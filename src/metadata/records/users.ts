// User records: accounts, local or from a sign-in provider, with their limits.
import type { User } from '../../model/model.js';
import type { UserFilter, UserSearch } from '../../model/listing.js';
import type { Page, Slice } from '../../model/paging.js';

/**
 * What an update may change of a user. Only the fields given are written, each alone: an admin taking a user's admin
 * right away while the user saves their theme must not see the theme's update write the right back.
 */
export type UserChanges = Partial<
  Pick<
    User,
    'passwordHash' | 'name' | 'email' | 'isAdmin' | 'maxFileSize' | 'maxUserSize' | 'maxTtl' | 'theme' | 'language' | 'ageRecipient'
  >
>;

export interface UserRecords {
  /** false when a user with this id exists already, also when another insert of it wins a race with this one. */
  insertUser(user: User): Promise<boolean>;
  findUser(id: string): Promise<User | undefined>;
  updateUser(id: string, changes: UserChanges): Promise<void>;
  /**
   * Deletes the user with their tokens, sessions and activity counters (the server's keep what they did). Their uploads (whether they go is the domain's decision) are
   * nobody's after: a user created again with the same login must not inherit them.
   */
  deleteUser(id: string): Promise<void>;
  /**
   * The users the filter covers, in the page's order by its sort (model/listing.ts' USER_SORTS; the date for one
   * it does not know), then by id. `now` tells which uploads are live, for the sort by size.
   */
  listUsers(filter: UserFilter, page: Page, now: number): Promise<Slice<User>>;
  /** At most `limit` users the filter covers whose id, login, name or email holds the text, whatever its case, by login. */
  searchUsers(search: UserSearch): Promise<User[]>;
  countUsers(): Promise<number>;
}
