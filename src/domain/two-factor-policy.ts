// The one place that decides what a sign-in still needs once its first factor is proven: nothing, a TOTP code, or
// enrolment first (TwoFactorRequired). A passkey sign-in proves possession and the user's presence on its own, so it
// counts as two factors; accounts of outside providers (GitHub, OIDC...) leave the second factor to their provider.
import type { User } from '../model/model.js';

/** TwoFactorRequired: whose sign-ins must have two factors. */
export type TwoFactorPolicy = 'none' | 'admins' | 'everyone';

/** How the first factor was proven. */
export type FirstFactor = 'password' | 'passkey';

/** none: a session at once; verify: a TOTP or recovery code first; enrol: the policy covers the user, who must enrol. */
export type SecondStep = 'none' | 'verify' | 'enrol';

export const policyCovers = (policy: TwoFactorPolicy, user: User): boolean =>
  user.provider === 'local' && (policy === 'everyone' || (policy === 'admins' && user.isAdmin));

export function secondStepOf(user: User, firstFactor: FirstFactor, enrolled: boolean, policy: TwoFactorPolicy): SecondStep {
  if (firstFactor === 'passkey') return 'none';
  if (enrolled) return 'verify';
  return policyCovers(policy, user) ? 'enrol' : 'none';
}
