// The age public keys users publish so that their file requests' senders encrypt to them end to end.
import { badRequest } from '../model/errors.js';

/** An age X25519 recipient: "age1" and 58 bech32 characters (its checksum is checked by age's own parser). */
const X25519_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;

/** Refuses what is not an age X25519 recipient, with a checksum that age's parser accepts. */
export async function checkAgeRecipient(recipient: string): Promise<void> {
  const refusal = badRequest('invalid ageRecipient: an age X25519 public key (age1… as age-keygen prints it)');
  if (!X25519_RECIPIENT.test(recipient)) throw refusal;
  // Loaded here only: the age library is needed by this check and the clients, not by every server start.
  const { Encrypter } = await import('age-encryption');
  try {
    new Encrypter().addRecipient(recipient);
  } catch {
    throw refusal;
  }
}
