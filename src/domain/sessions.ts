// Web sessions: a random id in a cookie, only its hash in the database, and an XSRF secret tied to it.
import { randomBytes } from 'node:crypto';
import type { MetadataStore } from '../metadata/store.js';
import { forbidden } from './errors.js';
import type { Session, User } from './model.js';
import { hashOfSecret as hashOf, sameSecret } from './secrets.js';

export interface OpenedSession {
  /** The cookie's value; never stored. */
  cookie: string;
  xsrf: string;
  expireAt: number;
}

const secret = () => randomBytes(32).toString('base64url');

export class SessionService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly timeoutSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(user: User): Promise<OpenedSession> {
    const cookie = secret();
    const session: Session = {
      idHash: hashOf(cookie),
      userId: user.id,
      xsrf: secret(),
      createdAt: this.now(),
      expireAt: this.now() + this.timeoutSeconds * 1000,
    };
    await this.metadata.insertSession(session);
    return { cookie, xsrf: session.xsrf, expireAt: session.expireAt };
  }

  /**
   * The session's user. A request that changes something must also prove it comes from Ferry's own page
   * by sending the XSRF secret, which other sites cannot read.
   */
  async resolve(cookie: string, xsrfHeader: string | undefined, changesState: boolean): Promise<{ user: User; session: Session }> {
    const session = await this.metadata.findSession(hashOf(cookie), this.now());
    const user = session && (await this.metadata.findUser(session.userId));
    if (!session || !user) throw forbidden('invalid session');
    if (changesState) {
      if (!xsrfHeader) throw forbidden('missing xsrf header');
      if (!sameSecret(xsrfHeader, session.xsrf)) throw forbidden('invalid xsrf header');
    }
    return { user, session };
  }

  async close(cookie: string): Promise<void> {
    await this.metadata.deleteSession(hashOf(cookie));
  }
}
