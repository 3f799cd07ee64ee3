// Session records: the web page's sign-ins, kept by hash until they expire or are ended.
import type { Session } from '../../model/model.js';

export interface SessionRecords {
  insertSession(session: Session): Promise<void>;
  /** The session unless it expired at `now` (expireAt <= now). */
  findSession(idHash: string, now: number): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of the user but the one whose hash is `except`; returns how many. */
  deleteSessionsOf(userId: string, except?: string): Promise<number>;
  /** Deletes the sessions expired at `now`, as findSession sees them. */
  deleteExpiredSessions(now: number): Promise<void>;
}
