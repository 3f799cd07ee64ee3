// age's stream encryption (age-encryption, by age's authors): files encrypted as they are read and decrypted as
// they arrive, 64 KiB at a time, so a file of many GB never sits in memory. Files made here decrypt with the `age`
// command and `ferry download --decrypt`, and those of `ferry upload --secure` decrypt here.
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { E2eeSecret } from './secret';
import { t } from '../state/language';

/** A new random key: X25519, as the CLI makes, so that age releases before 1.3 (no post-quantum keys) decrypt too. */
export const newIdentity = (): Promise<string> => generateX25519Identity();

export interface EncryptedFile {
  /** The ciphertext, produced as it is read: nothing of the file is read before the first pull. */
  stream: ReadableStream<Uint8Array>;
  /** Its size in bytes, known before a byte is encrypted (tus needs the length up front). */
  size: number;
}

export async function encryptFile(file: Blob, secret: E2eeSecret): Promise<EncryptedFile> {
  const encrypter = new Encrypter();
  if (secret.kind === 'passphrase') encrypter.setPassphrase(secret.passphrase);
  else encrypter.addRecipient(await identityToRecipient(secret.identity));
  const stream = await encrypter.encrypt(file.stream());
  return { stream, size: stream.size(file.size) };
}

/**
 * The plaintext of `cipher`, once its header says the secret opens it; refused, in the page's words, before a
 * byte of plaintext comes when it does not. Each chunk is authenticated before it is let through; a changed or
 * cut-short ciphertext errors the stream.
 */
export async function decryptStream(cipher: ReadableStream<Uint8Array>, secret: E2eeSecret): Promise<ReadableStream<Uint8Array>> {
  const decrypter = new Decrypter();
  if (secret.kind === 'passphrase') decrypter.addPassphrase(secret.passphrase);
  else decrypter.addIdentity(secret.identity);
  try {
    return await decrypter.decrypt(cipher);
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(/no identity matched|invalid header HMAC/.test(message) ? t().wrongKey : t().notAgeFile);
  }
}
