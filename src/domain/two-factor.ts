// TOTP two-factor of local accounts (RFC 6238 with otpauth: SHA-1, 6 digits, 30 s, one step of clock drift either
// way). The secret is sealed with the server's key; a code is taken only for a time step later than the last one
// taken, and a recovery code (ten, shown once, kept as hashes) only once: both decided by one conditional statement.
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { TwoFactorRecords } from '../metadata/records/two-factor.js';
import { badRequest, conflict, FerryError, forbidden } from '../model/errors.js';
import type { User } from '../model/model.js';
import { normalisedCode } from './device-sign-in.js';
import type { Events } from './events.js';
import type { SecretBox } from './sealed-secrets.js';
import { hashOfSecret } from './secrets.js';
import type { FailureThrottle } from './throttle.js';

const PERIOD = 30;
const RECOVERY_CODES = 10;
/** Ten characters of 32 (50 bits), shown as two groups of five. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = 10;

export interface StartedEnrolment {
  /** Base32, for typing into an app. */
  secret: string;
  /** The otpauth:// URI that the QR code carries. */
  uri: string;
}

/** What a user sends as a second factor: six digits from the app, or a recovery code (case and dashes ignored). */
type Code = { kind: 'totp'; digits: string } | { kind: 'recovery'; hash: string };

function parseCode(given: string): Code {
  const digits = given.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) return { kind: 'totp', digits };
  const recovery = normalisedCode(given);
  if (recovery.length === RECOVERY_LENGTH) return { kind: 'recovery', hash: hashOfSecret(recovery) };
  throw badRequest('malformed code: the 6 digits your app shows, or one of your recovery codes');
}

const newRecoveryCode = () => {
  const chars = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
};

export class TwoFactorService {
  constructor(
    private readonly metadata: TwoFactorRecords,
    private readonly options: {
      /** Seals the secrets; absent without EncryptionKey, and nobody can enrol then. */
      box: SecretBox | undefined;
      /** Wrong codes, per user: ten a minute, then a minute's wait. */
      throttle: FailureThrottle;
      events: Events;
    },
    private readonly now: () => number = Date.now,
  ) {}

  async enrolled(userId: string): Promise<boolean> {
    return (await this.metadata.findTwoFactor(userId))?.confirmedAt != null;
  }

  /** Which of the users have two-factor on, for lists. */
  enrolledAmong(userIds: string[]): Promise<Set<string>> {
    return this.metadata.twoFactorUsers(userIds);
  }

  recoveryCodesLeft(userId: string): Promise<number> {
    return this.metadata.countRecoveryCodes(userId);
  }

  /** A new secret for `user`, waiting for its first code; `issuer` names the server in the app. */
  async start(user: User, issuer: string): Promise<StartedEnrolment> {
    if (user.provider !== 'local')
      throw badRequest(`${user.provider} accounts sign in with their provider, which sets their second factor`);
    const box = this.box();
    const secret = new Secret();
    if (!(await this.metadata.beginTwoFactor(user.id, box.seal(secret.base32), this.now())))
      throw conflict('two-factor sign-in is on already: turn it off first to enrol again');
    return { secret: secret.base32, uri: totpOf(secret, user, issuer).toString() };
  }

  /** Confirms enrolment with a first code from the app: the recovery codes, which nothing shows again. */
  async confirm(user: User, code: string): Promise<string[]> {
    const parsed = parseCode(code);
    const waiting = await this.metadata.findTwoFactor(user.id);
    if (waiting?.confirmedAt != null) throw conflict('two-factor sign-in is on already');
    if (!waiting) throw badRequest('no two-factor enrolment started: start it first');
    if (parsed.kind !== 'totp') throw badRequest('confirm with the 6 digits your app shows');
    const step = await this.throttled(user, async () => this.stepOf(waiting.sealedSecret, parsed.digits));
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const hashes = codes.map((c) => hashOfSecret(normalisedCode(c)));
    if (!(await this.metadata.confirmTwoFactor(user.id, step, hashes, this.now()))) throw conflict('two-factor sign-in is on already');
    this.options.events.emit({ event: 'two_factor.enabled', userId: user.id });
    return codes;
  }

  /**
   * Takes a second factor of `user`'s: a TOTP code of a later time step than the last one taken, or an unused
   * recovery code. Wrong codes are throttled per user, whatever the address they come from.
   */
  async verify(user: User, code: string): Promise<void> {
    const parsed = parseCode(code);
    const enrolment = await this.metadata.findTwoFactor(user.id);
    if (enrolment?.confirmedAt == null) throw badRequest('two-factor sign-in is not on for this account');
    if (parsed.kind === 'recovery') {
      const taken = await this.options.throttle.attempt(user.id, () => this.metadata.takeRecoveryCode(user.id, parsed.hash));
      if (!taken) throw forbidden('wrong recovery code, or one used already');
      return;
    }
    const step = await this.throttled(user, async () => this.stepOf(enrolment.sealedSecret, parsed.digits));
    if (!(await this.metadata.takeTwoFactorStep(user.id, step)))
      throw forbidden('this code was used already: wait for the next one your app shows');
  }

  /** The user turns two-factor off, having proven it is them (a code here; a password is checked by the caller). */
  async disable(user: User): Promise<void> {
    if (!(await this.enrolled(user.id))) throw badRequest('two-factor sign-in is not on for this account');
    await this.metadata.deleteTwoFactor(user.id);
    this.options.events.emit({ event: 'two_factor.disabled', userId: user.id });
  }

  /** An admin takes a user's two-factor away (lost authenticator and recovery codes). */
  async reset(userId: string, admin: User): Promise<void> {
    if (!(await this.metadata.deleteTwoFactor(userId))) throw badRequest('this user has no two-factor sign-in');
    this.options.events.emit({ event: 'two_factor.reset', userId, by: admin.id });
  }

  private box(): SecretBox {
    if (!this.options.box) throw badRequest('two-factor sign-in needs the server to have an EncryptionKey, which seals the secrets');
    return this.options.box;
  }

  /** The secret, or a refusal the user can act on when EncryptionKey changed since it was sealed. */
  private open(sealed: string): string {
    try {
      return this.box().open(sealed);
    } catch (err) {
      if (err instanceof FerryError) throw err;
      throw forbidden("this account's two-factor secret does not open with the server's EncryptionKey: ask an admin to reset it");
    }
  }

  /** The time step of `digits` under the sealed secret (one step of drift either way), or undefined for a wrong code. */
  private stepOf(sealed: string, digits: string): number | undefined {
    const totp = new TOTP({ secret: Secret.fromBase32(this.open(sealed)), period: PERIOD });
    const timestamp = this.now();
    const delta = totp.validate({ token: digits, timestamp, window: 1 });
    return delta === null ? undefined : totp.counter({ timestamp }) + delta;
  }

  private async throttled(user: User, check: () => Promise<number | undefined>): Promise<number> {
    let step: number | undefined;
    await this.options.throttle.attempt(user.id, async () => {
      step = await check();
      return step !== undefined;
    });
    if (step === undefined) throw forbidden('wrong code: check the clock of the device your app runs on');
    return step;
  }
}

const totpOf = (secret: Secret, user: User, issuer: string) => new TOTP({ issuer, label: user.login, secret, period: PERIOD });
