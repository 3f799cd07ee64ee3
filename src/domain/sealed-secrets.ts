// Secrets the server must use again later, so that it cannot keep only their hash (a webhook's signing secret,
// an email waiting in the queue with a reset link, a user's TOTP secret): sealed with AES-256-GCM under a key derived from the server's
// EncryptionKey. A stolen database without the key reveals none of them.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretBox {
  private readonly key: Buffer;

  /** `purpose` keeps the keys of different secrets apart: a webhook's sealed secret does not open as a TOTP one. */
  constructor(serverKey: Buffer, purpose = 'ferry notification secrets v1') {
    this.key = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), purpose, 32));
  }

  /** `v1.` then base64url of nonce, tag and ciphertext. */
  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url')}`;
  }

  /** Throws when the text was not sealed with this server's key (or was changed). */
  open(sealed: string): string {
    const [version, body = ''] = sealed.split('.', 2);
    if (version !== VERSION) throw new Error(`unknown sealed secret format ${version}`);
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
