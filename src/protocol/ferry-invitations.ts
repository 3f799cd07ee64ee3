// The wire shapes of Ferry's invitation routes: making, listing and revoking invitations, and accepting one.
import { Type, type Static } from 'typebox';
import type { Invitation, InvitationState } from '../model/invitations.js';

const iso = (ms: number) => new Date(ms).toISOString();
const token = Type.String({ minLength: 1, maxLength: 128, description: "The token of the invitation's link (its fragment)" });

export const NewInvitationSchema = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 255, description: 'Where to email the link (when the server sends emails)' })),
    note: Type.Optional(Type.String({ maxLength: 1024 })),
    ttl: Type.Optional(Type.Integer({ description: 'Seconds it lasts: 60 to 2592000 (30 days), 7 days by default' })),
  },
  { additionalProperties: false },
);
export type NewInvitationBody = Static<typeof NewInvitationSchema>;

export const InvitationSchema = Type.Object({
  id: Type.String(),
  createdBy: Type.String(),
  email: Type.String(),
  note: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('used'), Type.Literal('expired'), Type.Literal('revoked')]),
  createdAt: Type.String(),
  expireAt: Type.String(),
  usedAt: Type.Union([Type.String(), Type.Null()]),
  usedBy: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type WireInvitation = Static<typeof InvitationSchema>;

/** The fields of an invitation as the domain keeps them, and its state at the time of the answer. */
export const toWireInvitation = (i: Invitation, state: InvitationState): WireInvitation => ({
  id: i.id,
  createdBy: i.createdBy,
  email: i.email,
  note: i.note,
  state,
  createdAt: iso(i.createdAt),
  expireAt: iso(i.expireAt),
  usedAt: i.usedAt === null ? null : iso(i.usedAt),
  usedBy: i.usedBy,
  revokedAt: i.revokedAt === null ? null : iso(i.revokedAt),
});

export const CreatedInvitationSchema = Type.Object({
  invitation: InvitationSchema,
  link: Type.String({ description: 'The link with its token: in this answer only' }),
  emailed: Type.Boolean({ description: 'Whether the link was emailed to the address' }),
});

export const InvitationListSchema = Type.Object({ invitations: Type.Array(InvitationSchema) });

export const InvitationParamsSchema = Type.Object({ invitationId: Type.String({ minLength: 1, maxLength: 64 }) });
export type InvitationParams = Static<typeof InvitationParamsSchema>;

export const InvitationTokenSchema = Type.Object({ token }, { additionalProperties: false });
export type InvitationTokenBody = Static<typeof InvitationTokenSchema>;

export const PendingInvitationSchema = Type.Object({
  email: Type.String({ description: "The address to prefill as the account's; '' for none" }),
  expireAt: Type.String(),
});

export const AcceptInvitationSchema = Type.Object(
  {
    token,
    login: Type.String({ minLength: 1, maxLength: 255 }),
    password: Type.String({ maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 255 })),
    email: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationSchema>;

export const AcceptedInvitationSchema = Type.Object({ login: Type.String() });
