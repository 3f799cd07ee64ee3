// Web sessions: a random id in a cookie, only its hash in the database, and an XSRF secret tied to it.
import { randomBytes } from 'node:crypto';
import type { SessionRecords } from '../metadata/records/sessions.js';
import type { UserRecords } from '../metadata/records/users.js';
import { forbidden } from '../model/errors.js';
import type { Session, User } from '../model/model.js';
import { hashOfSecret as hashOf, sameSecret } from './secrets.js';

export interface OpenedSession {
  /** The cookie's value; never stored. */
  cookie: string;
  xsrf: string;
  expireAt: number;
}

const secret = () => randomBytes(32).toString('base64url');

function checkXsrf(session: Session, xsrfHeader: string | undefined): void {
  if (!xsrfHeader) throw forbidden('missing xsrf header');
  if (!sameSecret(xsrfHeader, session.xsrf)) throw forbidden('invalid xsrf header');
}

export class SessionService {
  constructor(
    private readonly metadata: SessionRecords & UserRecords,
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
    if (changesState) checkXsrf(session, xsrfHeader);
    return { user, session };
  }

  /**
   * Signs out: signing out is a change, which another site must not make with the browser's cookies, so it needs
   * the XSRF secret too. A session that has ended already needs no proof: there is nothing left to end.
   */
  async close(cookie: string, xsrfHeader: string | undefined): Promise<void> {
    const session = await this.metadata.findSession(hashOf(cookie), this.now());
    if (!session) return;
    checkXsrf(session, xsrfHeader);
    await this.metadata.deleteSession(session.idHash);
  }

  /** Signs the user out everywhere: every session of theirs ends, this one too. Their tokens stay. */
  async closeAll(user: User): Promise<number> {
    return this.metadata.deleteSessionsOf(user.id);
  }
}
