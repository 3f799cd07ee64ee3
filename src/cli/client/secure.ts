// Client-side encryption in the age format (age-encryption, by age's authors, loaded by the commands that use it):
// files are encrypted as they stream to the server, in age's 64 KiB chunks, and decrypted the same way on download.
// Any `age` binary decrypts them.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CliError } from './errors.js';

/**
 * Who can decrypt: the holder of an identity made for this upload (printed once, for the commands), whoever knows
 * a passphrase, or the owner of an existing age recipient key.
 */
export type SecureKey =
  | { kind: 'identity'; identity: string }
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'recipient'; recipient: string };

/** Encrypted files get age's extension, so that their pages and downloads say what they hold. */
export const ENCRYPTED_SUFFIX = '.age';

export async function newSecureKey(options: { passphrase?: string; recipient?: string }): Promise<SecureKey> {
  if (options.passphrase) return { kind: 'passphrase', passphrase: options.passphrase };
  if (options.recipient) return { kind: 'recipient', recipient: options.recipient };
  // X25519 rather than age's newer post-quantum default, so that age releases before 1.3 decrypt it too.
  const { generateX25519Identity } = await import('age-encryption');
  return { kind: 'identity', identity: await generateX25519Identity() };
}

export interface Encrypted {
  body: Readable;
  /** Bytes of the ciphertext for `plainSize` bytes of plaintext. */
  size(plainSize: number): number;
}

/** The plaintext stream encrypted on the fly; memory stays at a few chunks whatever the file size. */
export async function encryptStream(plain: Readable, key: SecureKey): Promise<Encrypted> {
  const { Encrypter, identityToRecipient } = await import('age-encryption');
  const encrypter = new Encrypter();
  try {
    if (key.kind === 'passphrase') encrypter.setPassphrase(key.passphrase);
    else encrypter.addRecipient(key.kind === 'recipient' ? key.recipient : await identityToRecipient(key.identity));
  } catch (err) {
    throw new CliError(`cannot encrypt: ${(err as Error).message}`);
  }
  const cipher = await encrypter.encrypt(Readable.toWeb(plain) as ReadableStream<Uint8Array>);
  return {
    body: Readable.fromWeb(cipher as import('node:stream/web').ReadableStream<Uint8Array>),
    size: (plainSize) => cipher.size(plainSize),
  };
}

/** The ciphertext stream decrypted on the fly; every 64 KiB chunk is authenticated before it is let through. */
export async function decryptStream(cipher: Readable, key: { identities: string[]; passphrase?: string }): Promise<Readable> {
  const { Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  try {
    for (const identity of key.identities) decrypter.addIdentity(identity);
    if (key.passphrase) decrypter.addPassphrase(key.passphrase);
    const plain = await decrypter.decrypt(Readable.toWeb(cipher) as ReadableStream<Uint8Array>);
    return Readable.fromWeb(plain as import('node:stream/web').ReadableStream<Uint8Array>);
  } catch (err) {
    throw new CliError(`cannot decrypt: ${(err as Error).message}`);
  }
}

/** Identities from --identity: a secret key itself, or an age identity file (one key per line, # comments). */
export async function readIdentities(value: string): Promise<string[]> {
  if (/^AGE-SECRET-KEY-/i.test(value.trim())) return [value.trim()];
  const text = await readFile(value, 'utf8').catch((err: Error) => {
    throw new CliError(`cannot read the identity file ${value}: ${err.message}`);
  });
  const keys = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^AGE-SECRET-KEY-/i.test(line));
  if (keys.length === 0) throw new CliError(`${value} holds no age identity (AGE-SECRET-KEY-…)`);
  return keys;
}
