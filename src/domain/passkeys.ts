// Passkeys (WebAuthn): an account registers several, each named, and signs in with one instead of its password.
// Sign-in is usernameless: the browser offers the passkeys it holds for this relying party (discoverable
// credentials), and the credential id it answers with names the account. Every ceremony's challenge is random,
// handed out once and kept only as its hash in the metadata store, so that any instance can finish what another
// began; it lives CHALLENGE_MS and is used by the conditional DELETE that takes it (records/passkeys.ts).
// User verification (a PIN, a fingerprint) is required: a passkey stands in for the password, not beside it.
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ChallengePurpose, Passkey, PasskeyRecords } from '../metadata/records/passkeys.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, conflict, forbidden, notFound } from '../model/errors.js';
import { randomId } from '../model/ids.js';
import type { User } from '../model/model.js';
import { hashOfSecret } from './secrets.js';

/** How long a ceremony may take, from its options to its answer: WebAuthn's own timeout, and a little more. */
export const CHALLENGE_MS = 5 * 60_000;
/** Passkeys per account: enough for every device a person has, few enough that the list stays a list. */
export const MAX_PASSKEYS = 20;

/** Who the browser signs for: the origin the page is served from, and its host name as the RP ID. */
export interface RelyingParty {
  origin: string;
  id: string;
  /** Shown by the browser's passkey dialog. */
  name: string;
}

export const relyingPartyOf = (origin: string, name: string): RelyingParty => ({ origin, id: new URL(origin).hostname, name });

const UNKNOWN_CHALLENGE = 'this passkey request is unknown, used already or expired: start again';

export class PasskeyService {
  constructor(
    private readonly metadata: PasskeyRecords & Pick<UserRecords, 'findUser'>,
    private readonly now: () => number = Date.now,
  ) {}

  list(user: User): Promise<Passkey[]> {
    return this.metadata.listPasskeys(user.id);
  }

  /** What the browser's navigator.credentials.create needs to make a new passkey for `user`. */
  async registrationOptions(user: User, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.metadata.listPasskeys(user.id);
    if (existing.length >= MAX_PASSKEYS) throw badRequest(`an account has at most ${MAX_PASSKEYS} passkeys: delete one first`);
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.login,
      userDisplayName: user.name || user.login,
      // The user handle the authenticator keeps is random (SimpleWebAuthn's default), not the account's id: it
      // tells nothing about the account, and a sign-in finds the account by the credential id anyway.
      challenge: await this.newChallenge('register', user.id),
      timeout: CHALLENGE_MS,
      attestationType: 'none',
      // The same authenticator twice would be one passkey under two names.
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return options;
  }

  /** Checks the browser's answer to registrationOptions and keeps the passkey, under `name`. */
  async register(user: User, name: string, response: RegistrationResponseJSON, rp: RelyingParty): Promise<Passkey> {
    const challenge = await this.takeChallenge(response.response.clientDataJSON, 'register', user.id);
    const verified = await refused(() =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
      }),
    );
    if (!verified.verified) throw badRequest('passkey refused: its registration could not be verified');
    const { credential } = verified.registrationInfo;
    const passkey: Passkey = {
      id: randomId(16),
      userId: user.id,
      name: nameOf(name),
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      createdAt: this.now(),
      lastUsedAt: null,
    };
    if (!(await this.metadata.insertPasskey(passkey))) throw conflict('this passkey is registered already');
    return passkey;
  }

  async rename(user: User, id: string, name: string): Promise<Passkey> {
    if (!(await this.metadata.renamePasskey(user.id, id, nameOf(name)))) throw notFound('passkey not found');
    return (await this.metadata.listPasskeys(user.id)).find((p) => p.id === id)!;
  }

  async delete(user: User, id: string): Promise<void> {
    if (!(await this.metadata.deletePasskey(user.id, id))) throw notFound('passkey not found');
  }

  /** What navigator.credentials.get needs to sign in with any passkey of this server (none is named: usernameless). */
  async signInOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: rp.id,
      challenge: await this.newChallenge('sign-in', null),
      timeout: CHALLENGE_MS,
      allowCredentials: [],
      userVerification: 'required',
    });
  }

  /**
   * The account whose passkey signed the browser's answer to signInOptions. The challenge is taken first, so that
   * an answer counts once however many times it is sent; the counter is then moved in one conditional UPDATE.
   */
  async signIn(response: AuthenticationResponseJSON, rp: RelyingParty): Promise<User> {
    const challenge = await this.takeChallenge(response.response.clientDataJSON, 'sign-in', null);
    const passkey = await this.metadata.findPasskeyByCredential(response.id);
    const user = passkey && (await this.metadata.findUser(passkey.userId));
    if (!passkey || !user) throw forbidden('unknown passkey: it was deleted, or belongs to no account of this server');
    const verified = await refused(() =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: Buffer.from(passkey.publicKey, 'base64url'),
          counter: passkey.counter,
          transports: passkey.transports as AuthenticatorTransport[],
        },
        requireUserVerification: true,
      }),
    );
    if (!verified.verified) throw forbidden('passkey refused: its signature does not match');
    // Another sign-in may have moved the counter since it was read: the database decides.
    if (!(await this.metadata.recordPasskeyUse(passkey.id, verified.authenticationInfo.newCounter, this.now())))
      throw forbidden('passkey refused: its signature counter went backwards (a copied authenticator?)');
    return user;
  }

  /** Bytes: SimpleWebAuthn would take a string as UTF-8 to encode, and the browser then signs that encoding. */
  private async newChallenge(purpose: ChallengePurpose, userId: string | null): Promise<Uint8Array<ArrayBuffer>> {
    const challenge = randomBytes(32);
    const now = this.now();
    const challengeHash = hashOfSecret(challenge.toString('base64url'));
    await this.metadata.insertPasskeyChallenge({ challengeHash, purpose, userId, expireAt: now + CHALLENGE_MS }, now);
    return Uint8Array.from(challenge);
  }

  /** The challenge the browser signed (in its client data), taken out of the store: it counts once. */
  private async takeChallenge(clientDataJSON: string, purpose: ChallengePurpose, userId: string | null): Promise<string> {
    const challenge = challengeOf(clientDataJSON);
    const taken = await this.metadata.takePasskeyChallenge({ challengeHash: hashOfSecret(challenge), purpose, userId }, this.now());
    if (!taken) throw badRequest(UNKNOWN_CHALLENGE);
    return challenge;
  }
}

/** The challenge in the browser's client data (base64url JSON); SimpleWebAuthn checks the rest of it. */
function challengeOf(clientDataJSON: string): string {
  let challenge: unknown;
  try {
    challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
  } catch {
    throw badRequest('passkey refused: its client data is not JSON');
  }
  if (typeof challenge !== 'string' || challenge === '') throw badRequest('passkey refused: its client data has no challenge');
  return challenge;
}

function nameOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badRequest('a passkey needs a name');
  return trimmed;
}

/** SimpleWebAuthn says what is wrong with an answer (origin, RP ID, flags, signature, counter) by throwing. */
async function refused<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify();
  } catch (err) {
    throw badRequest(`passkey refused: ${(err as Error).message}`);
  }
}
