// Password reset for local users by email: a random token in a link, kept as its hash, valid an hour, used once.
// Asking says the same whether or not the login exists or has an email, so that it tells no one who has an account.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { PasswordResetRecords } from '../metadata/records/password-resets.js';
import { badRequest } from '../model/errors.js';
import { passwordResetMail } from './mail-messages.js';
import type { Notifications } from './notifications.js';
import { hashOfSecret, linkSecret } from './secrets.js';
import { consumeOrRefuse } from './throttle.js';
import type { UserService } from './users.js';

export const RESET_VALID_MS = 60 * 60 * 1000;

export class PasswordResetService {
  /** Three emails an hour per login, twenty asks an hour per client: no one's mailbox is flooded through Ferry. */
  private readonly perLogin = new RateLimiterMemory({ points: 3, duration: 3600 });
  private readonly perClient = new RateLimiterMemory({ points: 20, duration: 3600 });

  constructor(
    private readonly metadata: PasswordResetRecords,
    private readonly users: UserService,
    private readonly notifications: Notifications,
  ) {}

  /** Emails a reset link to the local user `login`, if there is one with an email. `pageUrl`: the reset page's address, to which `=<token>` is added. */
  async request(login: string, client: string, pageUrl: string): Promise<void> {
    if (!this.notifications.mailEnabled) throw badRequest('password reset by email is not available: this server sends no emails');
    await consumeOrRefuse(this.perClient, client, 1, 'too many password reset requests');
    const user = await this.users.find(`local:${login}`);
    if (!user?.email || user.passwordHash === null) return;
    await consumeOrRefuse(this.perLogin, user.id, 1, 'too many password reset requests');
    const { hash, link } = linkSecret(pageUrl);
    const now = Date.now();
    await this.metadata.insertPasswordReset({
      tokenHash: hash,
      userId: user.id,
      createdAt: now,
      expireAt: now + RESET_VALID_MS,
    });
    await this.notifications.email([user.email], passwordResetMail(user.language, user.login, link, RESET_VALID_MS / 60_000));
  }

  /** Sets the new password with a token from a reset email, once; every session and other reset link of the user ends. */
  async reset(token: string, password: string): Promise<void> {
    // Before the token is used up: a password too short or too common must not cost the user their link (whether it
    // is the login is known once the token names the user).
    await this.users.checkPassword('', password);
    const userId = await this.metadata.takePasswordReset(hashOfSecret(token), Date.now());
    if (!userId) throw badRequest('this reset link is unknown, used already or expired: ask for a new one');
    await this.users.update(userId, { password });
    await this.metadata.deletePasswordResets({ userId });
  }
}
