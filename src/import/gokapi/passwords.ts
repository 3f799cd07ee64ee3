// Gokapi's password hashes (internal/configuration/Configuration.go) as hashes Ferry checks: its argon2id ones
// ("argon2id$<salt hex>$<hash hex>", t=2, 28 MiB, one lane) rewritten in the standard encoded form Ferry's argon2
// check reads, its older SHA-1 ones (40 hex digits, salted with a salt of its config) kept with their salt.
import { gokapiSha1Hash } from '../../domain/passwords.js';

/** Gokapi's argon2id parameters, which its hashes do not carry. */
const ARGON2 = 'm=28672,t=2,p=1';

/** The hash in a form Ferry verifies, or why there is none. */
export function ferryHashOf(stored: string, salt: string | undefined): { hash: string } | { unusable: string } {
  if (/^[0-9a-f]{40}$/i.test(stored)) {
    if (salt === undefined) return { unusable: "an older SHA-1 hash, whose salt is in Gokapi's config.json (give --gokapi-config)" };
    return { hash: gokapiSha1Hash(salt, stored) };
  }
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'argon2id' || !saltHex || !hashHex || !/^([0-9a-f]{2})+$/i.test(saltHex + hashHex)) {
    return { unusable: 'a hash of a format Ferry does not know' };
  }
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64').replace(/=+$/, '');
  return { hash: `$argon2id$v=19$${ARGON2}$${b64(saltHex)}$${b64(hashHex)}` };
}
