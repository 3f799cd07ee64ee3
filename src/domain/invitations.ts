// Invitations: an admin (or, with InvitationsByUsers, any user) makes a link that creates one local account before
// it expires, emailed when the server sends emails. The link's token is kept by its hash and shown once; taking the
// invitation is one conditional UPDATE in the metadata store, so that two accepts at once make one account.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { InvitationRecords } from '../metadata/records/invitations.js';
import { badRequest, conflict, forbidden, gone, notFound } from '../model/errors.js';
import { randomId } from '../model/ids.js';
import { stateOf, type Invitation } from '../model/invitations.js';
import type { User } from '../model/model.js';
import { invitationMail } from './mail-messages.js';
import type { Notifications } from './notifications.js';
import { hashOfSecret, linkSecret } from './secrets.js';
import { consumeOrRefuse } from './throttle.js';
import { userId, type UserService } from './users.js';

/** How long an invitation lasts unless its maker says otherwise, and the bounds of what they may say, in seconds. */
export const INVITATION_TTL = { default: 7 * 24 * 3600, min: 60, max: 30 * 24 * 3600 };
/** Invitations a user may make in an hour: no one fills a server, or mailboxes, through them. */
export const INVITATIONS_PER_HOUR = 20;
/** The most a list shows, newest first. */
const LISTED = 500;

export interface InvitationOptions {
  /** InvitationsByUsers: any signed-in user may invite, not only admins. */
  byUsers: boolean;
  /** Whether local accounts can sign in at all (accounts on, FeatureLocalLogin): else an invitation makes no sense. */
  localAccounts: boolean;
  /** The web app's address (PlikDomain and Path) for links made without a request (the CLI); '' when unknown. */
  webBase: string;
}

export interface NewInvitation {
  email?: string;
  note?: string;
  /** Seconds it lasts. */
  ttl?: number;
}

/** An invitation just made, with its link, which nothing keeps after this answer. */
export interface CreatedInvitation {
  invitation: Invitation;
  link: string;
  emailed: boolean;
}

export interface Acceptance {
  login: string;
  password: string;
  name?: string;
  email?: string;
}

/** The invitation page under the web app's address `webBase`, ending in the fragment's name; '' for ''. */
export const invitationPage = (webBase: string) => webBase && `${webBase}/invite#token`;

/** A simple address check: the SMTP server is the judge; this keeps out what is plainly no address. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export class InvitationService {
  private readonly perUser = new RateLimiterMemory({ points: INVITATIONS_PER_HOUR, duration: 3600 });

  constructor(
    private readonly metadata: InvitationRecords,
    private readonly users: UserService,
    private readonly notifications: Notifications,
    private readonly options: InvitationOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `pageUrl`: the invitation page's address ending in the fragment's name (`…/invite#token`), to which `=<token>`
   * is added; by default, the one under the configured web address.
   */
  async create(user: User, fields: NewInvitation, pageUrl = invitationPage(this.options.webBase)): Promise<CreatedInvitation> {
    this.checkMayInvite(user);
    if (!pageUrl) throw badRequest('set PlikDomain, the address of the web page, so that the link has one');
    const email = (fields.email ?? '').trim();
    const ttl = fields.ttl ?? INVITATION_TTL.default;
    if (email && (email.length > 255 || !EMAIL.test(email))) throw badRequest('email: not an email address');
    if ((fields.note ?? '').length > 1024) throw badRequest('note: at most 1024 characters');
    if (!Number.isInteger(ttl) || ttl < INVITATION_TTL.min || ttl > INVITATION_TTL.max)
      throw badRequest(`ttl: whole seconds from ${INVITATION_TTL.min} to ${INVITATION_TTL.max} (30 days)`);
    await consumeOrRefuse(this.perUser, user.id, 1, `too many invitations: at most ${INVITATIONS_PER_HOUR} an hour`);
    const { hash, link } = linkSecret(pageUrl);
    const now = this.now();
    const invitation: Invitation = {
      id: randomId(24),
      createdBy: user.id,
      email,
      note: fields.note ?? '',
      createdAt: now,
      expireAt: now + ttl * 1000,
      usedAt: null,
      usedBy: null,
      revokedAt: null,
    };
    await this.metadata.insertInvitation(invitation, hash);
    const emailed = email !== '' && this.notifications.mailEnabled;
    // The address is no user's yet: the email speaks the inviter's language.
    if (emailed)
      await this.notifications.email(
        [email],
        invitationMail(user.language, user.name || user.login, link, invitation.expireAt, invitation.note),
      );
    return { invitation, link, emailed };
  }

  /** Admins see every invitation; a user who may invite, their own. */
  list(user: User): Promise<Invitation[]> {
    this.checkMayInvite(user);
    return this.metadata.listInvitations(user.isAdmin ? {} : { createdBy: user.id }, LISTED);
  }

  async revoke(user: User, id: string): Promise<void> {
    this.checkMayInvite(user);
    const invitation = await this.metadata.findInvitation(id);
    if (!invitation || (!user.isAdmin && invitation.createdBy !== user.id)) throw notFound('invitation not found');
    if (!(await this.metadata.revokeInvitation(id, this.now())))
      throw conflict(`this invitation is ${stateOf((await this.metadata.findInvitation(id)) ?? invitation, this.now())} already`);
  }

  /** What the invitation page shows before the account is made (the address to prefill), for a pending one. */
  async pending(token: string): Promise<Invitation> {
    this.checkLocalAccounts();
    const invitation = await this.metadata.findInvitationByToken(hashOfSecret(token));
    return this.checkPending(invitation);
  }

  /** Makes the local account the invitation is for, once; the new user. */
  async accept(token: string, fields: Acceptance): Promise<User> {
    this.checkLocalAccounts();
    const hash = hashOfSecret(token);
    this.checkPending(await this.metadata.findInvitationByToken(hash));
    // Before it is taken: a password too short or too common must not cost the invitation.
    await this.users.checkPassword(fields.login, fields.password);
    const id = userId('local', fields.login);
    if (!(await this.metadata.takeInvitation(hash, id, this.now()))) this.checkPending(await this.metadata.findInvitationByToken(hash));
    const invitation = this.checkTaken(await this.metadata.findInvitationByToken(hash), id);
    try {
      return await this.users.create({
        provider: 'local',
        login: fields.login,
        password: fields.password,
        name: fields.name ?? '',
        email: fields.email ?? invitation.email,
      });
    } catch (err) {
      // A login taken or ill-formed: the invitation stays for another try.
      await this.metadata.releaseInvitation(hash, id);
      throw err;
    }
  }

  private checkMayInvite(user: User): void {
    this.checkLocalAccounts();
    if (!user.isAdmin && !this.options.byUsers) throw forbidden('only admins may invite on this server');
  }

  private checkLocalAccounts(): void {
    if (!this.options.localAccounts) throw badRequest('invitations are not available: this server has no local accounts');
  }

  private checkPending(invitation: Invitation | undefined): Invitation {
    if (!invitation) throw notFound('unknown invitation: check that the link was copied whole');
    const state = stateOf(invitation, this.now());
    if (state !== 'pending') throw gone(`this invitation was ${state === 'expired' ? 'not used in time' : state}: ask for a new one`);
    return invitation;
  }

  private checkTaken(invitation: Invitation | undefined, by: string): Invitation {
    if (invitation?.usedBy !== by) throw gone('this invitation was used: ask for a new one');
    return invitation;
  }
}
