// A passkey authenticator in Node, for HTTP tests of Ferry's WebAuthn routes: makes P-256 credentials and answers
// registrations ("none" attestation) and sign-ins with real signatures, as a browser's PublicKeyCredential.toJSON()
// would send them. Knobs let a test answer wrongly on purpose (another origin, a counter that goes back, no user
// verification). The page's own flow is tested in Chromium with its virtual authenticator (test/web/passkeys.test.ts).
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface AnswerKnobs {
  /** The origin the client data names; the authenticator's own by default. */
  origin?: string;
  /** The counter to sign; one more than the last by default. */
  counter?: number;
  /** Whether the user was verified (UV flag); true by default. */
  verified?: boolean;
}

type Options = { challenge: string; rp?: { id?: string }; rpId?: string; user?: { id: string } };

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest();

export class PasskeyAuthenticator {
  private readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  /** The last credential made, which sign-ins answer with unless told another. */
  get credentialId(): string {
    return b64url(this.credentials.at(-1)!.id);
  }

  /**
   * A new credential for navigator.credentials.create's `options`: the RegistrationResponseJSON. `again`: the last
   * credential once more, as an authenticator that ignored excludeCredentials would answer.
   */
  register(options: Options, knobs: AnswerKnobs = {}, again = false) {
    const { privateKey } = again ? this.credentials.at(-1)! : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: Credential = again
      ? this.credentials.at(-1)!
      : { id: randomBytes(32), privateKey, userHandle: options.user!.id, counter: 0 };
    if (!again) this.credentials.push(credential);
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    // COSE_Key, EC2 on P-256 for ES256: kty 2, alg -7, crv 1, x, y.
    const coseKey = new Map<number, number | Buffer>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(credential.id.length);
    // Attested credential data: an AAGUID of zeros, the id's length, the id, the public key.
    const attested = Buffer.concat([Buffer.alloc(16), length, credential.id, cbor(coseKey)]);
    const authData = this.authenticatorData(options.rp!.id!, knobs, 0x40, credential.counter, attested);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, knobs.origin ?? this.origin),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** A signed answer to navigator.credentials.get's `options`: the AuthenticationResponseJSON. */
  answer(options: Options, knobs: AnswerKnobs = {}, credentialId = this.credentialId) {
    const credential = this.credentials.find((c) => b64url(c.id) === credentialId)!;
    credential.counter = knobs.counter ?? credential.counter + 1;
    const authData = this.authenticatorData(options.rpId!, knobs, 0, credential.counter);
    const clientDataJSON = clientData('webauthn.get', options.challenge, knobs.origin ?? this.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), credential.privateKey);
    return {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }

  /** rpIdHash, flags (user present, verified unless told not, and `flags`), the counter, then `rest`. */
  private authenticatorData(rpId: string, knobs: AnswerKnobs, flags: number, counter: number, rest = Buffer.alloc(0)): Buffer {
    const head = Buffer.alloc(5);
    head.writeUInt8(0x01 | (knobs.verified === false ? 0 : 0x04) | flags, 0);
    head.writeUInt32BE(counter, 1);
    return Buffer.concat([sha256(rpId), head, rest]);
  }
}

const clientData = (type: string, challenge: string, origin: string) =>
  b64url(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

/** CBOR (RFC 8949) of what an attestation carries: integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b.writeUInt8((major << 5) | 25);
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`no CBOR for ${typeof value}`);
}
