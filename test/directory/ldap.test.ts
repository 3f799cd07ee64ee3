// The LDAP directory against a real slapd (test/helpers/ldap.ts), below HTTP: an empty password refused although this
// slapd takes it as an anonymous bind, logins escaped, LDAPS and StartTLS checked against the CA of the test's own,
// and every failure to reach the directory an "unavailable" error within LdapTimeout.
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapSettings, type LdapSettings } from '../../src/config/ldap.js';
import { loadConfig } from '../../src/config/load.js';
import { LdapDirectory } from '../../src/directory/ldap.js';
import { PEOPLE, slapdInstalled, startSlapd, type TestLdap } from '../helpers/ldap.js';

describe.runIf(slapdInstalled())('LDAP directory', () => {
  let ldap: TestLdap;
  let id: string;
  const settings = (options: Record<string, unknown> = {}): LdapSettings =>
    ldapSettings(loadConfig({ flags: { ...ldap.options, ...options } }).config)!;
  const directory = (options: Record<string, unknown> = {}) => new LdapDirectory(settings(options));

  beforeAll(async () => {
    ldap = await startSlapd();
    id = await ldap.addPerson({ uid: 'alice', password: 'alice-pw-1', cn: 'Alice', mail: 'alice@example.org' });
    await ldap.addPerson({ uid: 'alina', password: 'alina-pw-1' });
  });
  afterAll(async () => {
    await ldap?.stop();
  });

  it('vouches for the person whose password it is, with the attributes Ferry takes', async () => {
    expect(await directory().authenticate('alice', 'alice-pw-1')).toEqual({
      id,
      name: 'Alice',
      email: 'alice@example.org',
      isAdmin: false,
    });
    expect(await directory({ LdapAdminGroup: '' }).authenticate('alice', 'alice-pw-1')).toMatchObject({ isAdmin: undefined });
    expect(await directory().authenticate('alice', 'alina-pw-1')).toBeUndefined();
    // The login attribute matches whatever the case, as the directory's schema says.
    expect(await directory().authenticate('ALICE', 'alice-pw-1')).toMatchObject({ id });
  });

  it('refuses an empty password, which this directory takes as an anonymous bind that succeeds', async () => {
    const client = new Client({ url: ldap.url });
    await expect(client.bind(`uid=alice,${PEOPLE}`, '')).resolves.toBeUndefined();
    await client.unbind();
    expect(await directory().authenticate('alice', '')).toBeUndefined();
  });

  it('escapes the login: a wildcard or filter syntax finds no one', async () => {
    // Unescaped, (uid=alic*) would find alice alone, and (uid=*) both (several: refused as well).
    for (const typed of ['alic*', 'alice)(uid=alice', '*', '*)(uid=*', 'alice\\29'])
      expect(await directory().authenticate(typed, 'alice-pw-1'), typed).toBeUndefined();
    // A filter that finds several people signs none of them in.
    expect(
      await directory({ LdapSearchFilter: '(|(uid={login})(objectClass=inetOrgPerson))' }).authenticate('alice', 'alice-pw-1'),
    ).toBeUndefined();
  });

  it('speaks LDAPS and StartTLS, checking the certificate against LdapCaFile', async () => {
    const tls = { LdapCaFile: ldap.caFile };
    expect(await directory({ ...tls, LdapUrl: ldap.ldapsUrl }).authenticate('alice', 'alice-pw-1')).toMatchObject({ id });
    expect(await directory({ ...tls, LdapStartTls: true }).authenticate('alice', 'alice-pw-1')).toMatchObject({ id });
    // Without the test's CA the certificate is no one's Ferry trusts.
    for (const options of [{ LdapUrl: ldap.ldapsUrl }, { LdapStartTls: true }])
      await expect(directory(options).authenticate('alice', 'alice-pw-1')).rejects.toMatchObject({
        kind: 'unavailable',
        cause: expect.objectContaining({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      });
    // StartTLS to a server that speaks TLS from the start: refused as unavailable too, not hung.
    await expect(
      directory({ LdapUrl: ldap.ldapsUrl.replace('ldaps:', 'ldap:'), LdapStartTls: true }).authenticate('alice', 'alice-pw-1'),
    ).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('is unavailable when its own account is refused, the directory refuses connections or stalls, within LdapTimeout', async () => {
    await expect(directory({ LdapBindPassword: 'wrong' }).authenticate('alice', 'alice-pw-1')).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'the LDAP directory is unavailable, try again in a moment',
    });
    const closed = ldap.url.replace(/:\d+$/, ':1');
    await expect(directory({ LdapUrl: closed }).authenticate('alice', 'alice-pw-1')).rejects.toMatchObject({
      kind: 'unavailable',
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
    ldap.pause();
    try {
      for (const options of [{}, { LdapUrl: ldap.ldapsUrl, LdapCaFile: ldap.caFile }, { LdapStartTls: true, LdapCaFile: ldap.caFile }])
        await expect(directory({ ...options, LdapTimeout: 1 }).authenticate('alice', 'alice-pw-1')).rejects.toMatchObject({
          kind: 'unavailable',
        });
    } finally {
      ldap.resume();
    }
  });
});
