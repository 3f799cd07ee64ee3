// The TLS settings of SslEnabled: the certificate and key read once at start, so that a file that cannot be read
// or a key that does not match stops start-up with the option's name, not the first client's handshake.
import { readFileSync } from 'node:fs';
import type { SecureVersion } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { ConfigError } from './load.js';
import type { Config } from './schema.js';

export interface TlsSettings {
  cert: Buffer;
  key: Buffer;
  minVersion: SecureVersion;
}

const MIN_VERSION: Record<Config['TlsVersion'], SecureVersion> = {
  tlsv10: 'TLSv1',
  tlsv11: 'TLSv1.1',
  tlsv12: 'TLSv1.2',
  tlsv13: 'TLSv1.3',
};

/** Undefined when SslEnabled is off: Ferry then serves plain HTTP (behind a proxy that does TLS, say). */
export function readTlsSettings(config: Pick<Config, 'SslEnabled' | 'SslCert' | 'SslKey' | 'TlsVersion'>): TlsSettings | undefined {
  if (!config.SslEnabled) return undefined;
  const settings = {
    cert: readPem('SslCert', config.SslCert),
    key: readPem('SslKey', config.SslKey),
    minVersion: MIN_VERSION[config.TlsVersion],
  };
  try {
    createSecureContext(settings);
  } catch (err) {
    throw new ConfigError(
      `SslCert ${config.SslCert} and SslKey ${config.SslKey} are not a PEM certificate and its private key: ${(err as Error).message}`,
    );
  }
  return settings;
}

function readPem(option: 'SslCert' | 'SslKey', file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${option}: cannot read ${file}: ${(err as Error).message}`);
  }
}
