// Users who sign in with an account elsewhere (OpenID Connect, Google, GitHub, OVH): who they are to Ferry, and whether
// a first sign-in may create them (AuthCreateUsers, allowed email domains).
import { FerryError, forbidden } from '../model/errors.js';
import type { User, UserProvider } from '../model/model.js';
import { userId, type UserService } from './users.js';

/** Who the provider says signed in. */
export interface ExternalIdentity {
  provider: Exclude<UserProvider, 'local'>;
  login: string;
  name: string;
  email: string;
}

export interface ExternalAccountRules {
  /** Create the user on first sign-in; otherwise an administrator must have created it. */
  createUsers: boolean;
  /** Email domains whose users may be created, per provider; none listed: any. */
  validDomains: Partial<Record<ExternalIdentity['provider'], readonly string[]>>;
}

export class ExternalAccounts {
  constructor(
    private readonly users: UserService,
    private readonly rules: ExternalAccountRules,
  ) {}

  /** The Ferry user for this identity, created on first sign-in when the rules allow it. */
  async signIn(identity: ExternalIdentity): Promise<User> {
    const id = userId(identity.provider, identity.login);
    const existing = await this.users.find(id);
    if (existing) return existing;
    if (!this.rules.createUsers) throw forbidden(`user ${id} is not registered on this server, ask an administrator to create it`);
    // As Plik does, the domain rule decides who may join; users an administrator created are let in whatever their domain.
    const domains = this.rules.validDomains[identity.provider] ?? [];
    const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1).toLowerCase();
    if (domains.length > 0 && !(identity.email.includes('@') && domains.some((d) => d.toLowerCase() === domain))) {
      throw forbidden('unauthorized domain name');
    }
    try {
      return await this.users.create({ provider: identity.provider, login: identity.login, name: identity.name, email: identity.email });
    } catch (err) {
      // Two first sign-ins at once: the other one created the user.
      const created = err instanceof FerryError && err.kind === 'bad_request' ? await this.users.find(id) : undefined;
      if (created) return created;
      throw err;
    }
  }
}
