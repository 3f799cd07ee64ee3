// An upload encrypted end to end in this browser: the checks before it, and its files created through tus with the
// size of their ciphertext, each encrypted as tus sends it. Not remembered as unfinished: bytes encrypted again
// differ, so a reload cannot go on with them.
import { createTusFile, type TusOffer } from '../api/tus';
import type { PlikUpload } from '../api/types';
import type { UploadFeatures } from '../features';
import type { Outgoing } from '../state/transfers';
import type { UploadOptions } from '../upload-request';
import { loadAge } from './load-age';
import { type E2eeSecret, ENCRYPTED_SUFFIX, MIN_PASSPHRASE } from './secret';
import { t } from '../state/language';

/** What stands in the way of encrypting this upload here; `resumable`: the server takes it through tus. */
export function e2eeProblems(options: UploadOptions, features: UploadFeatures, resumable: boolean): string[] {
  if (!features.e2ee.shown || !options.e2ee) return [];
  const problems: string[] = [];
  // A stream request body needs HTTP/2 in browsers: tus sends the ciphertext in pieces over any connection.
  if (features.stream.shown && options.stream) problems.push(t().e2eeNoStream);
  else if (!resumable) problems.push(t().e2eeNeedsResumable);
  if (options.e2eePassphrase && options.e2eePassphrase.length < MIN_PASSPHRASE) problems.push(t().e2eePassphraseTooShort);
  return problems;
}

/** The secret the sender chose, or a new random key. */
export async function secretOf(options: UploadOptions): Promise<E2eeSecret> {
  if (options.e2eePassphrase) return { kind: 'passphrase', passphrase: options.e2eePassphrase };
  return { kind: 'identity', identity: await (await loadAge()).newIdentity() };
}

/** Each file's tus upload, in the order chosen, made for its ciphertext (named as the CLI names it: NAME.age). */
export async function createEncryptedFiles(
  offer: TusOffer,
  upload: PlikUpload,
  files: File[],
  credentials: Record<string, string>,
  secret: E2eeSecret,
): Promise<Outgoing[]> {
  const { encryptFile } = await loadAge();
  const outgoing: Outgoing[] = [];
  for (const blob of files) {
    const encrypted = await encryptFile(blob, secret);
    const name = `${blob.name}${ENCRYPTED_SUFFIX}`;
    const { fileId, url } = await createTusFile(
      offer,
      upload.id,
      { name, type: 'application/octet-stream', size: encrypted.size },
      credentials,
    );
    outgoing.push({ fileId, name, blob, encrypted, route: { kind: 'tus', url, chunkSize: offer.chunkSize } });
  }
  return outgoing;
}
