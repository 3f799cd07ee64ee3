// Users: creating, changing and deleting accounts, checking local passwords.
import type { SessionRecords } from '../metadata/records/sessions.js';
import type { UploadRecords } from '../metadata/records/uploads.js';
import type { UsageRecords } from '../metadata/records/usage.js';
import type { UserChanges, UserRecords } from '../metadata/records/users.js';
import type { FeatureValue } from '../model/features.js';
import { badRequest, forbidden, notFound } from '../model/errors.js';
import type { User, UserProvider } from '../model/model.js';
import { USER_PROVIDERS } from '../model/model.js';
import type { UserFilter, UserSearch } from '../model/listing.js';
import { isWellFormedLogin, MIN_LOGIN_LENGTH } from '../model/logins.js';
import type { Page, Slice } from '../model/paging.js';
import { checkNewPassword, type PasswordPolicy } from './password-policy.js';
import { checkAgeRecipient } from './age-recipients.js';
import { credentialsMatch, hashPassword, isForeignHash } from './passwords.js';
import type { FailureThrottle } from './throttle.js';
import { SERVER_SCOPE } from './usage-scopes.js';

/** FeatureAuthentication "disabled": the server has no accounts, so no one signs in and no token or cookie is read. */
export const hasAccounts = (authentication: FeatureValue): boolean => authentication !== 'disabled';

/** Refuses signing in (with a password or an outside provider) on a server that has no accounts, in Plik's words. */
export function checkSignInPossible(authentication: FeatureValue): void {
  if (!hasAccounts(authentication)) throw badRequest('authentication is disabled');
}

/** FeatureLocalLogin: signing in with a login and password may be switched off for outside providers only. */
export function checkLocalLoginEnabled(enabled: boolean): void {
  if (!enabled) throw badRequest('local login is disabled');
}

/** FeatureDeleteAccount: users may be kept from deleting their own account (an admin still can), in Plik's words. */
export function checkSelfDeletePossible(enabled: boolean): void {
  if (!enabled) throw badRequest('delete account is not enabled');
}

export interface UserFields {
  name?: string;
  email?: string;
  isAdmin?: boolean;
  maxFileSize?: number;
  maxUserSize?: number;
  maxTtl?: number;
  /** Local users only. */
  password?: string;
}

export interface OwnProfile {
  name?: string;
  email?: string;
  /** '' for none chosen. */
  theme?: string;
  language?: string;
  /** The age X25519 recipient (age1…) senders of one's file requests encrypt to; '' for none. */
  ageRecipient?: string;
}

/** A theme's name as the web page keys it ('' : none chosen). */
const THEME = /^(?:[a-z][a-z0-9-]{0,31})?$/;
/** A BCP 47 tag's shape (language, then subtags), or '' for none chosen. */
const LANGUAGE_TAG = /^(?:[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4})?$/;

export interface NewUser extends UserFields {
  provider: UserProvider;
  login: string;
}

/** Another way to check a login and password (LDAP): the user they are, or undefined when they are not. */
export type PasswordCheck = (login: string, password: string) => Promise<User | undefined>;

const CREATE_WORDING = 'unable to create user : ';

export const userId = (provider: UserProvider, login: string) => `${provider}:${login}`;

export class UserService {
  constructor(
    private readonly metadata: UserRecords & SessionRecords & UploadRecords & Pick<UsageRecords, 'addUsage'>,
    private readonly options: { keepUploadsOfDeletedUsers: boolean; loginThrottle: FailureThrottle; passwords: PasswordPolicy },
    private readonly now: () => number = Date.now,
  ) {}

  async create(fields: NewUser): Promise<User> {
    if (!USER_PROVIDERS.includes(fields.provider)) throw badRequest('unable to create user : invalid provider');
    // Plik's minimum, for the logins people choose: a provider's own (GitHub's account number 42) can be shorter.
    if (fields.provider === 'local' && fields.login.length < MIN_LOGIN_LENGTH)
      throw badRequest(`unable to create user : login is too short (min ${MIN_LOGIN_LENGTH} chars)`);
    if (!isWellFormedLogin(fields.login)) throw badRequest('unable to create user : invalid login');
    // A local account's password is checked with the other fields (changesOf); none at all is too short.
    if (fields.provider === 'local' && fields.password === undefined) await this.checkPassword(fields.login, '', CREATE_WORDING);
    const user: User = {
      id: userId(fields.provider, fields.login),
      provider: fields.provider,
      login: fields.login,
      passwordHash: null,
      name: '',
      email: '',
      isAdmin: false,
      maxFileSize: 0,
      maxUserSize: 0,
      maxTtl: 0,
      createdAt: this.now(),
      theme: '',
      language: '',
      ageRecipient: '',
    };
    const changes = Object.entries(await this.changesOf(user, fields, CREATE_WORDING)).filter(([, value]) => value !== undefined);
    const created: User = { ...user, ...Object.fromEntries(changes) };
    if (!(await this.metadata.insertUser(created))) throw badRequest(`unable to create user : user ${user.id} already exists`);
    // Plik's lifetimeUsers: users created, never less when one is deleted.
    await this.metadata.addUsage([SERVER_SCOPE], { users: 1 }, this.now());
    return created;
  }

  async get(id: string): Promise<User> {
    const user = await this.metadata.findUser(id);
    if (!user) throw notFound('user not found');
    return user;
  }

  find(id: string): Promise<User | undefined> {
    return this.metadata.findUser(id);
  }

  /**
   * Changes the account. A new password ends the user's sessions, all but `keepSession` (the hash of the session
   * that asked, when the user changes their own): whoever knew the old one is signed out. Tokens stay, each listed
   * on the user's account page to be revoked there.
   */
  async update(id: string, fields: UserFields, keepSession?: string): Promise<User> {
    await this.metadata.updateUser(id, await this.changesOf(await this.get(id), fields));
    if (fields.password !== undefined) await this.metadata.deleteSessionsOf(id, keepSession);
    return this.get(id);
  }

  /**
   * A local user changes their own password, proving they know the current one: a stolen session alone must not
   * take the account over. Wrong guesses are throttled as sign-ins are (per `throttleKey`, the client's address,
   * and login, the same count). Their other sessions end, as when an admin sets the password; `keepSession`, the
   * one asking, goes on. Returns how many ended.
   */
  async changeOwnPassword(
    user: User,
    current: string,
    password: string,
    throttleKey: string,
    keepSession: string | undefined,
  ): Promise<number> {
    if (user.provider !== 'local' || user.passwordHash === null)
      throw badRequest(`${user.provider} accounts have no password here: they sign in with their provider`);
    await this.checkPassword(user.login, password);
    const stored = { login: user.login, passwordHash: user.passwordHash };
    const ok = await this.options.loginThrottle.attempt(`${throttleKey}|${user.login.toLowerCase()}`, () =>
      credentialsMatch(stored, { login: user.login, password: current }),
    );
    if (!ok) throw forbidden('wrong current password');
    await this.metadata.updateUser(user.id, { passwordHash: await hashPassword(password) });
    return this.metadata.deleteSessionsOf(user.id, keepSession);
  }

  /**
   * A user changes their own name and email. Only local users: those of an account elsewhere are what its provider
   * said at the first sign-in (and its email what the domain rule let in).
   */
  /** What users change of their own account: name and email (local accounts), and their web page preferences. */
  async updateOwnProfile(user: User, fields: OwnProfile): Promise<User> {
    const renames = (fields.name ?? user.name) !== user.name || (fields.email ?? user.email) !== user.email;
    if (renames && user.provider !== 'local') throw badRequest(`the name and email of ${user.provider} accounts come from their provider`);
    if (fields.theme !== undefined && !THEME.test(fields.theme))
      throw badRequest('invalid theme: a name of lower-case letters, digits and dashes');
    if (fields.language !== undefined && !LANGUAGE_TAG.test(fields.language)) {
      throw badRequest('invalid language: a BCP 47 language tag such as en or pt-BR');
    }
    if (fields.ageRecipient) await checkAgeRecipient(fields.ageRecipient);
    const { name, email, theme, language, ageRecipient } = fields;
    await this.metadata.updateUser(user.id, { name, email, theme, language, ageRecipient });
    return this.get(user.id);
  }

  /** Deletes the account; its uploads go too unless the server is set to keep them, as nobody's. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    if (!this.options.keepUploadsOfDeletedUsers) await this.metadata.markUploadsDeleted({ userId: id }, this.now());
    await this.metadata.deleteUser(id);
  }

  list(filter: UserFilter, page: Page): Promise<Slice<User>> {
    return this.metadata.listUsers(filter, page, this.now());
  }

  search(search: UserSearch): Promise<User[]> {
    return this.metadata.searchUsers(search);
  }

  count(): Promise<number> {
    return this.metadata.countUsers();
  }

  /**
   * The local user with this login and password, or else the user `otherwise` finds with them (LDAP, asked only
   * when no local account matches: docs/ldap.md). Throttled per `throttleKey` (the client's address) and login,
   * one count for both ways.
   */
  async verifyLocal(login: string, password: string, throttleKey: string, otherwise?: PasswordCheck): Promise<User> {
    // Before the lookup and the throttle: `bobby1   ` is no login, not another key to guess `bobby1` under.
    if (!isWellFormedLogin(login)) throw badRequest('invalid login');
    let user: User | undefined;
    // In any case: a directory finds `Bobby1` as `bobby1`, and a count per spelling would multiply the guesses.
    const ok = await this.options.loginThrottle.attempt(`${throttleKey}|${login.toLowerCase()}`, async () => {
      const local = await this.metadata.findUser(userId('local', login));
      // A missing user still costs a hash check, so timing does not reveal which logins exist.
      const stored = { login, passwordHash: local?.passwordHash ?? UNUSABLE_HASH };
      const matches = await credentialsMatch(stored, { login, password });
      user = matches && local ? local : await otherwise?.(login, password);
      return user !== undefined;
    });
    if (!ok || !user) throw forbidden('invalid credentials');
    // An imported account's bcrypt hash (Plik's, cost 14) becomes Ferry's argon2id at its first sign-in here.
    if (user.passwordHash !== null && isForeignHash(user.passwordHash))
      await this.metadata.updateUser(user.id, { passwordHash: await hashPassword(password) });
    return user;
  }

  /** Whether `password` may be the password of the local user `login` (PasswordMinLength, RefuseCommonPasswords). */
  checkPassword(login: string, password: string, wording = ''): Promise<void> {
    return checkNewPassword(this.options.passwords, login, password, wording);
  }

  /**
   * The fields given, checked: nothing else of the user is written, so that nothing read before is written back.
   * `wording` begins the messages of refusals, as Plik words those of a user's creation.
   */
  private async changesOf(user: User, fields: UserFields, wording = ''): Promise<UserChanges> {
    for (const value of [fields.maxFileSize, fields.maxUserSize, fields.maxTtl])
      if (value !== undefined && !Number.isSafeInteger(value)) throw badRequest('invalid user limit');
    if (fields.password !== undefined && user.provider !== 'local') throw badRequest('only local users have a password');
    if (fields.password !== undefined) await this.checkPassword(user.login, fields.password, wording);
    const { name, email, isAdmin, maxFileSize, maxUserSize, maxTtl } = fields;
    const passwordHash = fields.password !== undefined ? await hashPassword(fields.password) : undefined;
    return { name, email, isAdmin, maxFileSize, maxUserSize, maxTtl, passwordHash };
  }
}

/** A well-formed argon2 hash of nothing anyone knows, checked when the login does not exist. */
const UNUSABLE_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2F1d2n9oV0ZzGkQm3sC3n3kz8h0x1Y7Q7sU3y1V8b3Q';
