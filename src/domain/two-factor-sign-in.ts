// The second step of a sign-in: when a first factor (a password) is not enough (two-factor-policy.ts), no session
// is opened yet; the browser is handed a challenge, a random token kept as its hash, valid CHALLENGE_SECONDS, used
// once, which it sends back with a code (or, when the policy makes the user enrol, to enrol with first).
import { randomBytes } from 'node:crypto';
import type { ChallengePurpose, TwoFactorRecords } from '../metadata/records/two-factor.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, forbidden } from '../model/errors.js';
import type { User } from '../model/model.js';
import { hashOfSecret } from './secrets.js';
import type { StartedEnrolment, TwoFactorService } from './two-factor.js';
import { secondStepOf, type FirstFactor, type TwoFactorPolicy } from './two-factor-policy.js';

export const CHALLENGE_SECONDS = 300;

const GONE = 'this sign-in step expired or was used already: sign in with your password again';

export type AfterFirstFactor = { step: 'none' } | { step: ChallengePurpose; challenge: string; expireAt: number };

export class TwoFactorSignIn {
  constructor(
    private readonly metadata: TwoFactorRecords & UserRecords,
    private readonly twoFactor: TwoFactorService,
    private readonly policy: TwoFactorPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** What `user`, whose first factor is proven, still needs: nothing (open the session), or a challenge. */
  async afterFirstFactor(user: User, firstFactor: FirstFactor): Promise<AfterFirstFactor> {
    const step = secondStepOf(user, firstFactor, await this.twoFactor.enrolled(user.id), this.policy);
    if (step === 'none') return { step };
    const now = this.now();
    // Challenges nobody finished go here rather than in a job: each new one clears those left behind.
    await this.metadata.deleteExpiredTwoFactorChallenges(now);
    const challenge = randomBytes(32).toString('base64url');
    const expireAt = now + CHALLENGE_SECONDS * 1000;
    await this.metadata.insertTwoFactorChallenge({ tokenHash: hashOfSecret(challenge), userId: user.id, purpose: step, expireAt });
    return { step, challenge, expireAt };
  }

  /** The second step: the user the challenge is for, once their code is taken and the challenge used up. */
  async verify(challenge: string, code: string): Promise<User> {
    const user = await this.userOf(challenge, 'verify');
    await this.twoFactor.verify(user, code);
    await this.take(challenge);
    return user;
  }

  /** A user the policy covers begins enrolment, with the challenge their password earned. */
  async startEnrolment(challenge: string, issuer: string): Promise<StartedEnrolment> {
    return this.twoFactor.start(await this.userOf(challenge, 'enrol'), issuer);
  }

  /** ... and confirms it with a first code: signed in, with their recovery codes. */
  async confirmEnrolment(challenge: string, code: string): Promise<{ user: User; recoveryCodes: string[] }> {
    const user = await this.userOf(challenge, 'enrol');
    const recoveryCodes = await this.twoFactor.confirm(user, code);
    await this.take(challenge);
    return { user, recoveryCodes };
  }

  private async userOf(challenge: string, purpose: ChallengePurpose): Promise<User> {
    const found = await this.metadata.findTwoFactorChallenge(hashOfSecret(challenge), this.now());
    const user = found && (await this.metadata.findUser(found.userId));
    if (!found || !user) throw forbidden(GONE);
    if (found.purpose !== purpose)
      throw badRequest(
        purpose === 'verify' ? 'this sign-in needs enrolment in two-factor first' : 'this sign-in needs a code, not enrolment',
      );
    return user;
  }

  private async take(challenge: string): Promise<void> {
    if (!(await this.metadata.takeTwoFactorChallenge(hashOfSecret(challenge), this.now()))) throw forbidden(GONE);
  }
}
