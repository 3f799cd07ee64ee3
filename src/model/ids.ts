// Random identifiers and secrets, drawn from the CSPRNG, in the alphabet Plik uses.
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomId(length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export const newUploadId = () => randomId(16);
export const newFileId = () => randomId(16);
export const newUploadToken = () => randomId(32);

/** Ids come from URLs: anything outside the alphabet can never match and is refused before any lookup. */
export const isWellFormedId = (id: string) => /^[A-Za-z0-9]{1,64}$/.test(id);
