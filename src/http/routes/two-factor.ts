// Ferry's two-factor (TOTP) routes: the second step of a password sign-in (POST /auth/two-factor, and enrolment
// there when TwoFactorRequired covers a user who has none), the account's own enrolment (/me/two-factor), and an
// admin's reset of a user's (DELETE /user/:userId/two-factor). Errors answer in JSON.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  ChallengeCodeSchema,
  ChallengeSchema,
  CodeSchema,
  DisableSchema,
  EnrolmentSchema,
  RecoveryCodesSchema,
  TwoFactorStatusSchema,
  type ChallengeBody,
  type ChallengeCodeBody,
  type CodeBody,
  type DisableBody,
} from '../../protocol/ferry-two-factor.js';
import { badRequest } from '../../model/errors.js';
import type { User } from '../../model/model.js';
import { requireAdmin, requireUser } from '../auth/authenticate.js';
import { setSessionCookies } from '../auth/cookies.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Two-factor'];
const userParams = Type.Object({ userId: Type.String({ maxLength: 512 }) });

export async function twoFactorRoutes(app: FastifyInstance, { http, users, sessions, twoFactor, twoFactorSignIn }: RouteServices) {
  const issuer = http.branding.name;
  // The second step stands in for the password step: a stale cookie must not stand in its way either.
  const signInStep = { ...FERRY_ROUTE, skipAuthentication: true };
  const signIn = async (request: FastifyRequest, reply: Parameters<typeof setSessionCookies>[1], user: User) => {
    setSessionCookies(request, reply, await sessions.open(user), http.basePath);
    reply.header('Cache-Control', 'no-store');
  };

  app.post<{ Body: ChallengeCodeBody }>(
    '/auth/two-factor',
    {
      schema: {
        tags,
        summary: "A sign-in's second step: the challenge of the password step and a code; a session",
        body: ChallengeCodeSchema,
      },
      config: signInStep,
    },
    async (request, reply) => {
      await signIn(request, reply, await twoFactorSignIn.verify(request.body.challenge, request.body.code));
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.post<{ Body: ChallengeBody }>(
    '/auth/two-factor/enrol',
    {
      schema: {
        tags,
        summary: 'Enrolment that TwoFactorRequired asks for after the password: a new secret',
        body: ChallengeSchema,
        response: { 200: EnrolmentSchema },
      },
      config: signInStep,
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return twoFactorSignIn.startEnrolment(request.body.challenge, issuer);
    },
  );

  app.post<{ Body: ChallengeCodeBody }>(
    '/auth/two-factor/enrol/confirm',
    {
      schema: {
        tags,
        summary: 'Confirms that enrolment with a first code: a session, and the recovery codes',
        body: ChallengeCodeSchema,
        response: { 200: RecoveryCodesSchema },
      },
      config: signInStep,
    },
    async (request, reply) => {
      const { user, recoveryCodes } = await twoFactorSignIn.confirmEnrolment(request.body.challenge, request.body.code);
      await signIn(request, reply, user);
      return { recoveryCodes };
    },
  );

  app.get(
    '/me/two-factor',
    {
      schema: {
        tags,
        summary: 'Whether two-factor sign-in is on, and how many recovery codes are left',
        response: { 200: TwoFactorStatusSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request) => {
      const user = requireUser(request);
      return { enabled: await twoFactor.enrolled(user.id), recoveryCodesLeft: await twoFactor.recoveryCodesLeft(user.id) };
    },
  );

  app.post(
    '/me/two-factor',
    {
      schema: { tags, summary: 'Begins enrolment: a new secret, as text and as an otpauth:// URI', response: { 200: EnrolmentSchema } },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return twoFactor.start(requireUser(request), issuer);
    },
  );

  app.post<{ Body: CodeBody }>(
    '/me/two-factor/confirm',
    {
      schema: {
        tags,
        summary: 'Confirms enrolment with a first code: the recovery codes, shown this once',
        body: CodeSchema,
        response: { 200: RecoveryCodesSchema },
      },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { recoveryCodes: await twoFactor.confirm(requireUser(request), request.body.code) };
    },
  );

  app.post<{ Body: DisableBody }>(
    '/me/two-factor/disable',
    { schema: { tags, summary: 'Turns two-factor sign-in off, with the password or a code', body: DisableSchema }, config: FERRY_ROUTE },
    async (request, reply) => {
      const user = requireUser(request);
      const { password, code } = request.body;
      if (password === undefined && code === undefined) throw badRequest('give your password or a code to turn two-factor sign-in off');
      if (password !== undefined) await users.verifyLocal(user.login, password, request.ip);
      else await twoFactor.verify(user, code!);
      await twoFactor.disable(user);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  app.delete<{ Params: Static<typeof userParams> }>(
    '/user/:userId/two-factor',
    {
      schema: {
        tags,
        summary: "An admin turns a user's two-factor sign-in off (lost authenticator)",
        params: userParams,
      },
      config: FERRY_ROUTE,
    },
    async (request, reply) => {
      await twoFactor.reset(request.params.userId, requireAdmin(request));
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );
}
