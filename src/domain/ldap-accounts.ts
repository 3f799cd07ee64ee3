// Users who sign in with an LDAP directory's login and password (docs/ldap.md): the Ferry user of the person the
// directory vouches for, made at the first sign-in (AuthCreateUsers) and brought up to date at every one: name,
// email and, when LdapAdminGroup is set, whether they are an admin.
import type { Directory } from '../directory/directory.js';
import type { User } from '../model/model.js';
import type { ExternalAccounts } from './external-accounts.js';
import type { UserService } from './users.js';

export class LdapAccounts {
  constructor(
    private readonly directory: Directory,
    private readonly accounts: ExternalAccounts,
    private readonly users: UserService,
  ) {}

  /** The user, or undefined when the directory refuses the login and password (whatever the reason). */
  async signIn(login: string, password: string): Promise<User | undefined> {
    const person = await this.directory.authenticate(login, password);
    if (!person) return undefined;
    // Known by the directory's id, not the login typed: a renamed person stays the same user, and whoever takes a
    // freed login next is someone else.
    const user = await this.accounts.signIn({ provider: 'ldap', login: person.id, name: person.name, email: person.email });
    const isAdmin = person.isAdmin ?? user.isAdmin;
    if (user.name === person.name && user.email === person.email && user.isAdmin === isAdmin) return user;
    return this.users.update(user.id, { name: person.name, email: person.email, isAdmin });
  }
}
