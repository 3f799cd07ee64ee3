// The wire shapes of Ferry's passkey routes: the account's list, the ceremonies' options (as SimpleWebAuthn makes
// them, for the browser's navigator.credentials), and the browser's answers (PublicKeyCredential.toJSON()).
// Imports TypeBox only: the web page imports these types without any JavaScript.
import { Type, type Static } from 'typebox';

/** base64url, as WebAuthn's JSON forms carry bytes; a credential id runs to 1023 bytes, client data to a few KB. */
const bytes = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+={0,2}$', ...(description && { description }) });

const credentialId = bytes(1400, 'The credential id, base64url');
const clientDataJSON = bytes(8192, "The browser's client data (JSON, base64url): the challenge, the origin");
/** What both answers share; other fields a browser adds (authenticatorAttachment…) pass through. */
const credential = {
  id: credentialId,
  rawId: credentialId,
  type: Type.Literal('public-key'),
  clientExtensionResults: Type.Object({}),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
};

export const RegistrationResponseSchema = Type.Object({
  ...credential,
  response: Type.Object({
    clientDataJSON,
    attestationObject: bytes(65536, 'The attestation object (CBOR, base64url): the new public key'),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })),
  }),
});

export const AuthenticationResponseSchema = Type.Object({
  ...credential,
  response: Type.Object({
    clientDataJSON,
    authenticatorData: bytes(65536),
    signature: bytes(2048),
    userHandle: Type.Optional(Type.String({ maxLength: 128 })),
  }),
});

const name = Type.String({ minLength: 1, maxLength: 255, description: 'What the user calls it: "laptop", "phone"' });

export const NewPasskeySchema = Type.Object({ name, response: RegistrationResponseSchema }, { additionalProperties: false });
export type NewPasskeyBody = Static<typeof NewPasskeySchema>;

export const PasskeyRenameSchema = Type.Object({ name }, { additionalProperties: false });
export type PasskeyRename = Static<typeof PasskeyRenameSchema>;

export const PasskeySignInSchema = Type.Object({ response: AuthenticationResponseSchema }, { additionalProperties: false });
export type PasskeySignInBody = Static<typeof PasskeySignInSchema>;

export const PasskeyParamsSchema = Type.Object({ passkeyId: Type.String({ minLength: 1, maxLength: 64 }) });
export type PasskeyParams = Static<typeof PasskeyParamsSchema>;

/** Only what the account page shows: a passkey's public key and credential id stay on the server. */
export const PasskeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: Type.String({ description: 'ISO 8601' }),
    lastUsedAt: Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601; null: never used to sign in' }),
  },
  { title: 'Passkey' },
);
export type WirePasskey = Static<typeof PasskeySchema>;

export const PasskeyListSchema = Type.Object({ passkeys: Type.Array(PasskeySchema) });

/** The options as SimpleWebAuthn makes them, for @simplewebauthn/browser: passed whole, so not itemised here. */
export const CeremonyOptionsSchema = Type.Object({
  options: Type.Object({}, { additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON' }),
});

export const toWirePasskey = (p: { id: string; name: string; createdAt: number; lastUsedAt: number | null }): WirePasskey => ({
  id: p.id,
  name: p.name,
  createdAt: new Date(p.createdAt).toISOString(),
  lastUsedAt: p.lastUsedAt === null ? null : new Date(p.lastUsedAt).toISOString(),
});
