// Invitations, kept by the hash of their link's token; each creates at most one account.
import type { Invitation } from '../../model/invitations.js';

export interface InvitationRecords {
  insertInvitation(invitation: Invitation, tokenHash: string): Promise<void>;
  findInvitation(id: string): Promise<Invitation | undefined>;
  findInvitationByToken(tokenHash: string): Promise<Invitation | undefined>;
  /** Newest first, at most `limit`; those made by `createdBy` only, when given. */
  listInvitations(filter: { createdBy?: string }, limit: number): Promise<Invitation[]>;
  /**
   * Marks the invitation used by `userId` if it is pending at `now` (not used, revoked or expired): one
   * conditional UPDATE, so that of two accepts at once exactly one gets true.
   */
  takeInvitation(tokenHash: string, userId: string, now: number): Promise<boolean>;
  /** Gives back an invitation `userId` took but whose account could not be made (its login was taken meanwhile). */
  releaseInvitation(tokenHash: string, userId: string): Promise<void>;
  /** Revokes it if still unused and unrevoked; whether it did. */
  revokeInvitation(id: string, now: number): Promise<boolean>;
}
