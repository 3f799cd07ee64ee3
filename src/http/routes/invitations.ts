// Ferry's invitation routes: an admin (or, with InvitationsByUsers, any user) makes, lists and revokes invitations
// under /invitations; whoever holds a link reads and accepts it under /auth/invitation, without a session (the
// point of an invitation on a FeatureAuthentication = forced server).
import type { FastifyInstance } from 'fastify';
import { invitationPage } from '../../domain/invitations.js';
import { stateOf } from '../../model/invitations.js';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  AcceptedInvitationSchema,
  AcceptInvitationSchema,
  CreatedInvitationSchema,
  InvitationListSchema,
  InvitationParamsSchema,
  InvitationTokenSchema,
  NewInvitationSchema,
  PendingInvitationSchema,
  toWireInvitation,
  type AcceptInvitationBody,
  type InvitationParams,
  type InvitationTokenBody,
  type NewInvitationBody,
} from '../../protocol/ferry-invitations.js';
import { PUBLIC_ROUTE, requireUser } from '../auth/authenticate.js';
import type { RouteServices } from '../http-options.js';
import { webBase } from '../public-url.js';

const tags = ['Invitations'];

export async function invitationRoutes(app: FastifyInstance, { invitations, http }: RouteServices) {
  app.post<{ Body: NewInvitationBody }>(
    '/invitations',
    {
      schema: {
        tags,
        summary: "Ferry's: invite someone to make a local account; the link (with its token) is in this answer only",
        body: NewInvitationSchema,
        response: { 201: CreatedInvitationSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      // The token goes in the fragment, as a reset link's: no log on the way to the page sees it.
      const created = await invitations.create(requireUser(request), request.body ?? {}, invitationPage(webBase(request, http)));
      return reply.code(201).send({ ...created, invitation: toWireInvitation(created.invitation, 'pending') });
    },
  );

  app.get(
    '/invitations',
    {
      schema: { tags, summary: "Ferry's: invitations, newest first (an admin's: everyone's)", response: { 200: InvitationListSchema } },
      config: FERRY_ROUTE,
    },
    async (request) => {
      const now = Date.now();
      return { invitations: (await invitations.list(requireUser(request))).map((i) => toWireInvitation(i, stateOf(i, now))) };
    },
  );

  app.delete<{ Params: InvitationParams }>(
    '/invitations/:invitationId',
    { schema: { tags, summary: "Ferry's: revoke an unused invitation", params: InvitationParamsSchema }, config: FERRY_ROUTE },
    async (request, reply) => {
      await invitations.revoke(requireUser(request), request.params.invitationId);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: InvitationTokenBody }>(
    '/auth/invitation',
    {
      schema: {
        tags,
        summary: "Ferry's: what a pending invitation's page shows (its address); 404 unknown, 410 used, expired or revoked",
        body: InvitationTokenSchema,
        response: { 200: PendingInvitationSchema },
      },
      config: { ...FERRY_ROUTE, ...PUBLIC_ROUTE },
    },
    async (request) => {
      const invitation = await invitations.pending(request.body.token);
      return { email: invitation.email, expireAt: new Date(invitation.expireAt).toISOString() };
    },
  );

  app.post<{ Body: AcceptInvitationBody }>(
    '/auth/invitation/accept',
    {
      schema: {
        tags,
        summary: "Ferry's: make the local account an invitation is for, once; then sign in with it",
        body: AcceptInvitationSchema,
        response: { 201: AcceptedInvitationSchema },
      },
      config: { ...FERRY_ROUTE, ...PUBLIC_ROUTE },
    },
    async (request, reply) => {
      const { token, ...fields } = request.body;
      const user = await invitations.accept(token, fields);
      return reply.code(201).send({ login: user.login });
    },
  );
}
