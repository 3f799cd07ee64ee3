// An end-to-end encrypted file's age header and its payload's nonce: all a client needs to tell whether its key or
// passphrase opens the file, before it takes a download that counts. A one-shot file opened with the wrong key was
// used up: a small file is sent whole before the client reads far enough to find out.
// Nothing of the plaintext comes with it: the payload's chunks follow the nonce, and none of them is sent.
import { buffer } from 'node:stream/consumers';
import { FerryError, badRequest } from '../model/errors.js';
import type { UploadFile } from '../model/model.js';
import type { DownloadService } from './downloads.js';
import type { UploadAccess } from './uploads.js';

/** Where the header must end; age's own are a few hundred bytes, one stanza per recipient. */
export const AGE_HEADER_MAX_BYTES = 64 * 1024;
/** The payload's first bytes, a nonce for its key: the decrypter reads them before it says the key is right. */
const NONCE_BYTES = 16;
/** The header's last line, the MAC's, starts so; no stanza line can (they start "-> " or are base64). */
const MAC_LINE = Buffer.from('\n--- ');

/** The bytes of `file` up to the end of its payload's nonce; 400 for a file not encrypted end to end, 415 for no binary age header. */
export async function ageHeaderOf(downloads: DownloadService, access: UploadAccess, file: UploadFile): Promise<Buffer> {
  if (!access.upload.e2ee) throw badRequest('only the files of an end-to-end encrypted upload (e2ee) have an age header');
  // A stream file's bytes pass once, to its downloader: there is nothing to read them from before.
  if (access.upload.stream) throw badRequest('a stream upload keeps no bytes to read an age header from');
  downloads.checkAvailable(access, file);
  const length = Math.min(file.size, AGE_HEADER_MAX_BYTES);
  const head = length > 0 ? await buffer(await downloads.readUncounted(access, file, { start: 0, end: length - 1 })) : Buffer.alloc(0);
  const mac = head.indexOf(MAC_LINE);
  const lineEnd = mac < 0 ? -1 : head.indexOf(0x0a, mac + MAC_LINE.length);
  if (lineEnd < 0 || lineEnd + 1 + NONCE_BYTES > head.length) {
    throw new FerryError(
      'unsupported_media_type',
      `no binary age header in this file's first ${AGE_HEADER_MAX_BYTES / 1024} KiB (armored, or not age): download it to decrypt it`,
    );
  }
  return head.subarray(0, lineEnd + 1 + NONCE_BYTES);
}
