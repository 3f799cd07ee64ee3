// Gokapi's encrypted files: the sio-go stream format (github.com/secure-io/sio-go) over AES-256-GCM with a zero
// nonce. The plain bytes go in fragments of 16 KiB, each sealed alone; a fragment's nonce ends with its number
// (little-endian, from 1), and its associated data is a flag (0x80 for the last fragment, which may be shorter or
// empty, 0x00 otherwise) followed by the tag of an empty message sealed under fragment number 0. Read here as a
// stream: one fragment (and one byte to know whether another follows) held at a time.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const FRAGMENT = 1 << 14;
const TAG = 16;
const SEALED = FRAGMENT + TAG;
/** sio's nonce: the stream's own (8 bytes, zero in Gokapi) then the fragment's number. */
const NONCE = 12;

function nonceOf(fragment: number): Buffer {
  const nonce = Buffer.alloc(NONCE);
  nonce.writeUInt32LE(fragment, NONCE - 4);
  return nonce;
}

/** The associated data of every fragment but the flag: the tag of nothing, sealed under fragment 0. */
function associatedData(key: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonceOf(0));
  cipher.final();
  return Buffer.concat([Buffer.from([0]), cipher.getAuthTag()]);
}

/** The plain bytes of a Gokapi file sealed under `key` (the file's own key), checked fragment by fragment. */
export function sioDecryptor(key: Buffer): Transform {
  const ad = associatedData(key);
  let pending: Buffer = Buffer.alloc(0);
  let fragment = 1;
  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < TAG) throw new Error('Gokapi encrypted file: truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(fragment++));
    ad[0] = last ? 0x80 : 0x00;
    decipher.setAAD(ad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
    } catch {
      throw new Error('Gokapi encrypted file: not authentic (wrong cipher key, or damaged)');
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        // A whole fragment is not the last while a byte follows it.
        while (pending.length > SEALED) {
          this.push(open(pending.subarray(0, SEALED), false));
          pending = pending.subarray(SEALED);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, open(pending, true));
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** The file's own key: sealed in its record (DecryptionKey) with AES-256-GCM under Gokapi's cipher and the record's nonce. */
export function fileKeyOf(cipherKey: Buffer, sealedKey: Buffer, nonce: Buffer): Buffer {
  if (sealedKey.length < TAG) throw new Error('Gokapi encryption info: malformed key');
  const decipher = createDecipheriv('aes-256-gcm', cipherKey, nonce);
  decipher.setAuthTag(sealedKey.subarray(sealedKey.length - TAG));
  try {
    return Buffer.concat([decipher.update(sealedKey.subarray(0, sealedKey.length - TAG)), decipher.final()]);
  } catch {
    throw new Error("the file's key does not open with the cipher key given (--gokapi-cipher or config.json)");
  }
}
