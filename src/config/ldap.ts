// The LDAP sign-in's settings (LdapUrl and the Ldap* options), the CA file read once at start so that a file that
// cannot be read stops start-up with the option's name, not the first sign-in.
import { readFileSync } from 'node:fs';
import { ConfigError } from './load.js';
import type { Config } from './schema.js';

export interface LdapSettings {
  url: string;
  startTls: boolean;
  /** PEM certificate authorities for the directory's certificate; undefined: the system's. */
  ca: Buffer | undefined;
  /** '': search anonymously. */
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** With {login} where the escaped login goes. */
  searchFilter: string;
  usernameAttribute: string;
  idAttribute: string;
  nameAttribute: string;
  emailAttribute: string;
  /** '': the directory does not decide who is an admin. */
  adminGroup: string;
  timeoutMs: number;
}

/** Undefined when LdapUrl is empty: no LDAP sign-in. */
export function ldapSettings(config: Config): LdapSettings | undefined {
  if (config.LdapUrl === '') return undefined;
  return {
    url: config.LdapUrl,
    startTls: config.LdapStartTls,
    ca: config.LdapCaFile ? readCa(config.LdapCaFile) : undefined,
    bindDn: config.LdapBindDn,
    bindPassword: config.LdapBindPassword,
    searchBase: config.LdapSearchBase,
    searchFilter: config.LdapSearchFilter || `(${config.LdapUsernameAttribute}={login})`,
    usernameAttribute: config.LdapUsernameAttribute,
    idAttribute: config.LdapIdAttribute,
    nameAttribute: config.LdapNameAttribute,
    emailAttribute: config.LdapEmailAttribute,
    adminGroup: config.LdapAdminGroup,
    timeoutMs: config.LdapTimeout * 1000,
  };
}

function readCa(file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new ConfigError(`LdapCaFile: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`LdapCaFile: ${file} holds no PEM certificate`);
  return pem;
}
