// What decrypts an end-to-end encrypted upload: an age identity made for it, carried in the share link's fragment
// (which browsers never send to a server), or a passphrase its sender chose and passes on some other way.
// The age code itself loads on first use (load-age.ts), not with the page.

export type E2eeSecret = { kind: 'identity'; identity: string } | { kind: 'passphrase'; passphrase: string };

/** The fragment parameter of the share link that holds the identity. */
export const IDENTITY_PARAM = 'age';

/** The identity in the page address's fragment, if any. */
export const identityInPage = (): string | undefined => new URLSearchParams(location.hash.slice(1)).get(IDENTITY_PARAM) ?? undefined;

const IDENTITY = /^AGE-SECRET-KEY-1[0-9A-Z]+$/i;

/** What someone typed: an age identity when it looks like one, a passphrase otherwise. */
export function secretFrom(typed: string): E2eeSecret | undefined {
  const text = typed.trim();
  if (!text) return undefined;
  return IDENTITY.test(text) ? { kind: 'identity', identity: text.toUpperCase() } : { kind: 'passphrase', passphrase: typed };
}

/** A weak passphrase is guessed offline by whoever has the ciphertext: age asks for "enough entropy". */
export const MIN_PASSPHRASE = 10;

/** An encrypted file's name ends as the CLI's do; the decrypted file is saved without it. */
export const ENCRYPTED_SUFFIX = '.age';
export const plainName = (name: string) =>
  name.endsWith(ENCRYPTED_SUFFIX) && name.length > ENCRYPTED_SUFFIX.length ? name.slice(0, -ENCRYPTED_SUFFIX.length) : name;
