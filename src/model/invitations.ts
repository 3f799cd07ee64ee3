// An invitation: a link that creates one local account before it expires, unless its maker revokes it first.

export interface Invitation {
  /** What lists and revocation name it by; the link's token is another value, kept only by its hash. */
  id: string;
  /** The user who made it. */
  createdBy: string;
  /** '' : none given; else the address the link went to, prefilled as the new account's. */
  email: string;
  note: string;
  createdAt: number;
  expireAt: number;
  usedAt: number | null;
  /** The account it created. */
  usedBy: string | null;
  revokedAt: number | null;
}

export type InvitationState = 'pending' | 'used' | 'expired' | 'revoked';

export function stateOf(invitation: Invitation, now: number): InvitationState {
  if (invitation.usedAt !== null) return 'used';
  if (invitation.revokedAt !== null) return 'revoked';
  return invitation.expireAt <= now ? 'expired' : 'pending';
}
