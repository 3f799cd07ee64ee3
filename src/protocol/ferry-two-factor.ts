// Ferry's two-factor (TOTP) routes: enrolment on the account page, the second step of a sign-in, and what a
// password sign-in answers when that step is needed. Imports TypeBox only: the web page imports these types.
import { Type, type Static } from 'typebox';

const code = Type.String({
  minLength: 1,
  maxLength: 32,
  description: 'The 6 digits the app shows, or a recovery code (XXXXX-XXXXX)',
  examples: ['123456'],
});
const challenge = Type.String({ minLength: 1, maxLength: 64, description: 'What the password step answered' });

/** A password sign-in that needs a second step answers this instead of opening a session. */
export const SecondStepSchema = Type.Object({
  twoFactor: Type.Union([Type.Literal('verify'), Type.Literal('enrol')], {
    description: 'verify: send a code to POST /auth/two-factor; enrol: the server requires two-factor, enrol with the challenge first',
  }),
  challenge,
  expireAt: Type.String({ format: 'date-time' }),
});
export type SecondStep = Static<typeof SecondStepSchema>;

export const CodeSchema = Type.Object({ code }, { additionalProperties: false });
export type CodeBody = Static<typeof CodeSchema>;

export const ChallengeSchema = Type.Object({ challenge }, { additionalProperties: false });
export type ChallengeBody = Static<typeof ChallengeSchema>;

export const ChallengeCodeSchema = Type.Object({ challenge, code }, { additionalProperties: false });
export type ChallengeCodeBody = Static<typeof ChallengeCodeSchema>;

export const EnrolmentSchema = Type.Object({
  secret: Type.String({ description: 'The base32 secret, for typing into an app; never shown again once enrolment is confirmed' }),
  uri: Type.String({ description: 'The otpauth:// URI that the QR code carries' }),
});
export type Enrolment = Static<typeof EnrolmentSchema>;

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Ten one-time codes, shown this once' }),
});
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>;

/** Turning two-factor off proves it is the user: their password, or a code. */
export const DisableSchema = Type.Object(
  { password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })), code: Type.Optional(code) },
  { additionalProperties: false },
);
export type DisableBody = Static<typeof DisableSchema>;

export const TwoFactorStatusSchema = Type.Object({
  enabled: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
});
export type TwoFactorStatus = Static<typeof TwoFactorStatusSchema>;
