// The Ldap* options: off by default, read from every source, and each wrong value or combination refused at start
// with the option's name and what to do.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ldapSettings } from '../../src/config/ldap.js';
import { loadConfig } from '../../src/config/load.js';

const LDAP = { FeatureAuthentication: 'enabled', LdapUrl: 'ldaps://ldap.example.org', LdapSearchBase: 'ou=people,dc=example,dc=org' };

describe('LDAP options', () => {
  it('are off by default, and read from the environment with their defaults filled in', () => {
    expect(ldapSettings(loadConfig().config)).toBeUndefined();
    const env = {
      FERRY_FEATURE_AUTHENTICATION: 'enabled',
      FERRY_LDAP_URL: 'ldap://ldap.example.org:389',
      FERRY_LDAP_START_TLS: 'true',
      FERRY_LDAP_BIND_DN: 'cn=ferry,dc=example,dc=org',
      FERRY_LDAP_BIND_PASSWORD: 'secret',
      FERRY_LDAP_SEARCH_BASE: 'dc=example,dc=org',
      FERRY_LDAP_ADMIN_GROUP: 'cn=admins,dc=example,dc=org',
      FERRY_LDAP_TIMEOUT: '30s',
    };
    expect(ldapSettings(loadConfig({ env }).config)).toEqual({
      url: 'ldap://ldap.example.org:389',
      startTls: true,
      ca: undefined,
      bindDn: 'cn=ferry,dc=example,dc=org',
      bindPassword: 'secret',
      searchBase: 'dc=example,dc=org',
      searchFilter: '(uid={login})',
      usernameAttribute: 'uid',
      idAttribute: 'entryUUID',
      nameAttribute: 'cn',
      emailAttribute: 'mail',
      adminGroup: 'cn=admins,dc=example,dc=org',
      timeoutMs: 30_000,
    });
    const ad = { ...LDAP, LdapUsernameAttribute: 'sAMAccountName', LdapIdAttribute: 'objectGUID' };
    expect(ldapSettings(loadConfig({ flags: ad }).config)).toMatchObject({
      searchFilter: '(sAMAccountName={login})',
      idAttribute: 'objectGUID',
    });
  });

  it.each([
    [{ LdapUrl: 'https://ldap.example.org' }, /LdapUrl \(from flags\): must be an ldap:\/\/ or ldaps:\/\/ URL/],
    [
      { LdapUrl: 'ldap://ldap.example.org/dc=example' },
      /LdapUrl \(from flags\): must be an ldap:\/\/ or ldaps:\/\/ URL with a host and no path/,
    ],
    [{ LdapSearchBase: '' }, /LdapSearchBase \(from flags\): is required when LdapUrl is set/],
    [{ LdapSearchFilter: 'uid={login}' }, /LdapSearchFilter \(from flags\): must be an LDAP filter in parentheses naming \{login\}/],
    [{ LdapSearchFilter: '(uid=alice)' }, /naming \{login\}/],
    [{ LdapStartTls: true }, /LdapStartTls \(from flags\): needs an ldap:\/\/ LdapUrl/],
    [{ LdapBindDn: 'cn=ferry,dc=example,dc=org' }, /LdapBindPassword: is required when LdapBindDn is set/],
    [{ LdapUsernameAttribute: 'uid)(x' }, /LdapUsernameAttribute \(from flags\): must be an LDAP attribute name/],
    [{ LdapTimeout: 0 }, /LdapTimeout \(from flags\): must be at least one second/],
    [
      { FeatureLocalLogin: 'disabled', OIDCProviderURL: 'https://id.example.org', OIDCClientID: 'c', OIDCClientSecret: 's' },
      /LdapUrl \(from flags\): is set, but LDAP users sign in through the login form/,
    ],
    [{ FeatureAuthentication: 'disabled' }, /FeatureAuthentication and FeatureLocalLogin must not be disabled/],
  ])('refuses %o, saying why', (flags, message) => {
    expect(() => loadConfig({ flags: { ...LDAP, ...flags } })).toThrow(message);
  });

  it('reads LdapCaFile at start, and refuses one that cannot be read or holds no certificate', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-ldap-ca-'));
    const notPem = path.join(dir, 'ca.txt');
    await writeFile(notPem, 'not a certificate');
    expect(() => ldapSettings(loadConfig({ flags: { ...LDAP, LdapCaFile: path.join(dir, 'missing.pem') } }).config)).toThrow(
      /LdapCaFile: cannot read .*missing\.pem/,
    );
    expect(() => ldapSettings(loadConfig({ flags: { ...LDAP, LdapCaFile: notPem } }).config)).toThrow(
      /LdapCaFile: .*ca\.txt holds no PEM certificate/,
    );
  });
});
