// Invitations: taken once while pending (of parallel takes, one wins), given back, revoked once, listed newest first.
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/model/ids.js';
import type { Invitation } from '../../../src/model/invitations.js';
import { T0, type ContractContext } from './context.js';

export const INVITATION_METHODS = [
  'insertInvitation',
  'findInvitation',
  'findInvitationByToken',
  'listInvitations',
  'takeInvitation',
  'releaseInvitation',
  'revokeInvitation',
] as const;

const anInvitation = (createdBy = `local:admin-${randomId(8)}`, createdAt = T0): Invitation => ({
  id: randomId(24),
  createdBy,
  email: 'new@example.org',
  note: 'for the team',
  createdAt,
  expireAt: createdAt + 3_600_000,
  usedAt: null,
  usedBy: null,
  revokedAt: null,
});

export function invitationsContract(ctx: ContractContext): void {
  describe('invitations', () => {
    it('are taken by one of ten takes at once, given back, and not once expired or revoked', async () => {
      const s = ctx.store();
      const [invitation, hash] = [anInvitation(), randomId(64)];
      await s.insertInvitation(invitation, hash);
      expect(await s.findInvitationByToken(hash)).toEqual(invitation);
      expect(await s.takeInvitation(hash, 'local:x', invitation.expireAt)).toBe(false);
      const takes = await Promise.all(Array.from({ length: 10 }, (_, i) => s.takeInvitation(hash, `local:taker-${i}`, T0)));
      expect(takes.filter(Boolean)).toHaveLength(1);
      const taker = `local:taker-${takes.indexOf(true)}`;
      expect(await s.findInvitation(invitation.id)).toMatchObject({ usedAt: T0, usedBy: taker });
      expect(await s.revokeInvitation(invitation.id, T0)).toBe(false);
      await s.releaseInvitation(hash, 'local:someone-else');
      expect((await s.findInvitation(invitation.id))?.usedBy).toBe(taker);
      await s.releaseInvitation(hash, taker);
      expect(await s.revokeInvitation(invitation.id, T0 + 1)).toBe(true);
      expect(await s.revokeInvitation(invitation.id, T0 + 2)).toBe(false);
      expect(await s.takeInvitation(hash, 'local:late', T0 + 3)).toBe(false);
      expect(await s.findInvitation(invitation.id)).toMatchObject({ usedAt: null, revokedAt: T0 + 1 });
    });

    it('are listed newest first, all or those of one maker', async () => {
      const s = ctx.store();
      const maker = `local:admin-${randomId(8)}`;
      const [older, newer] = [anInvitation(maker, T0 + 5), anInvitation(maker, T0 + 6)];
      for (const i of [older, newer]) await s.insertInvitation(i, randomId(64));
      expect((await s.listInvitations({ createdBy: maker }, 10)).map((i) => i.id)).toEqual([newer.id, older.id]);
      expect(await s.listInvitations({ createdBy: maker }, 1)).toHaveLength(1);
      expect((await s.listInvitations({}, 1000)).map((i) => i.id)).toContain(older.id);
      expect(await s.findInvitation('nope')).toBeUndefined();
    });
  });
}
