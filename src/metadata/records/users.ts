// User records: accounts, local or from a sign-in provider, with their limits.
import type { User } from '../../model/model.js';
import type { Page, Slice } from '../../model/paging.js';

export interface UserRecords {
  /** false when a user with this id exists already, also when another insert of it wins a race with this one. */
  insertUser(user: User): Promise<boolean>;
  findUser(id: string): Promise<User | undefined>;
  updateUser(user: User): Promise<void>;
  /**
   * Deletes the user with their tokens, sessions and activity counters (the server's keep what they did). Their uploads (whether they go is the domain's decision) are
   * nobody's after: a user created again with the same login must not inherit them.
   */
  deleteUser(id: string): Promise<void>;
  /** Sorted by createdAt (also for a sort it does not know) or login, then id. */
  listUsers(page: Page): Promise<Slice<User>>;
  countUsers(): Promise<number>;
}
