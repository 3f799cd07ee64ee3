// What the import needs of Gokapi's config.json (internal/models/Configuration.go): the salts of its older SHA-1
// password hashes, and the cipher key its encrypted files' keys are sealed with (levels 1 and 3 keep it there; the
// password levels 2 and 4 derive it from a password each start, which --gokapi-cipher stands in for).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportError } from '../source.js';

export interface GokapiSecrets {
  /** Of account passwords (SaltAdmin) and file passwords (SaltFiles); undefined when the config was not found. */
  saltAdmin?: string;
  saltFiles?: string;
  cipher?: Buffer;
}

/** The secrets from the config file named, or ../config/config.json beside the data folder if it is there. */
export function readGokapiSecrets(dataDir: string, configFile: string | undefined, cipherText: string | undefined): GokapiSecrets {
  const file = configFile ?? path.join(dataDir, '..', 'config', 'config.json');
  let secrets: GokapiSecrets = {};
  if (configFile !== undefined || existsSync(file)) {
    let config: {
      Authentication?: { SaltAdmin?: unknown; SaltFiles?: unknown };
      Encryption?: { Cipher?: unknown };
    };
    try {
      config = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ImportError(`cannot read Gokapi's config ${file}: ${(err as Error).message}`);
    }
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const cipher = text(config.Encryption?.Cipher);
    secrets = {
      saltAdmin: text(config.Authentication?.SaltAdmin),
      saltFiles: text(config.Authentication?.SaltFiles),
      // Go writes a []byte as base64.
      cipher: cipher === undefined ? undefined : Buffer.from(cipher, 'base64'),
    };
  }
  if (cipherText !== undefined) secrets.cipher = Buffer.from(cipherText, 'base64');
  if (secrets.cipher && secrets.cipher.length !== 32) throw new ImportError("Gokapi's cipher key must be 32 bytes (in base64)");
  return secrets;
}
