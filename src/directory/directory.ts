// A directory of people who sign in with a login and password kept elsewhere (LDAP): the one question Ferry asks it.

/** A person the directory vouched for, as Ferry takes them. */
export interface DirectoryPerson {
  /** What names them for good (LdapIdAttribute: entryUUID by default), whatever renames and moves. */
  id: string;
  name: string;
  email: string;
  /** Whether they are in the admin group; undefined when no group decides it. */
  isAdmin: boolean | undefined;
}

export interface Directory {
  /**
   * The person with this login and password, or undefined when the directory does not know the login, knows it
   * more than once, or the password is not theirs (never told apart). Throws a FerryError "unavailable" when the
   * directory cannot be asked (down, too slow, refusing Ferry's own account).
   */
  authenticate(login: string, password: string): Promise<DirectoryPerson | undefined>;
}
