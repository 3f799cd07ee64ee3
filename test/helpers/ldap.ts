// A real OpenLDAP server (Debian's slapd) for the LDAP sign-in tests, in a folder of its own: a slapd.conf made here,
// an mdb database there, plain LDAP and LDAPS on free loopback ports with a certificate signed by a CA that openssl
// makes here, and a few people and an admin group added over LDAP. Missing locally, the tests that need it skip
// with a message; in CI they fail, as a skipped sign-in test would pass unnoticed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';
import { freePort, stopped } from './daemons.js';

export const SLAPD = process.env.FERRY_TEST_SLAPD ?? '/usr/sbin/slapd';

const HINT = "install Debian's slapd (apt-get install slapd), or set FERRY_TEST_SLAPD to slapd's path";

/** Whether the LDAP tests run here: false (with a message, once) when slapd is missing, an error in CI. */
export function slapdInstalled(): boolean {
  if (existsSync(SLAPD)) return true;
  if (process.env.CI) throw new Error(`the LDAP sign-in tests need slapd at ${SLAPD}: ${HINT}`);
  console.warn(`\n  Skipping the LDAP sign-in tests: no slapd at ${SLAPD}. To run them, ${HINT}.\n`);
  return false;
}

export const SUFFIX = 'dc=ferry,dc=test';
const ROOT_DN = `cn=root,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret';
export const SERVICE_DN = `cn=ferry-service,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-secret';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const ADMINS = `cn=ferry-admins,ou=groups,${SUFFIX}`;

export interface Person {
  uid: string;
  password: string;
  cn?: string;
  mail?: string;
}

export interface TestLdap {
  /** ldap://127.0.0.1:port */
  url: string;
  /** ldaps://127.0.0.1:port, its certificate signed by caFile's CA. */
  ldapsUrl: string;
  caFile: string;
  /** The Ferry options of an LDAP sign-in on it, admins from ADMINS. */
  options: Record<string, unknown>;
  /** Adds a person under PEOPLE; returns their entryUUID. */
  addPerson(person: Person): Promise<string>;
  removePerson(uid: string): Promise<void>;
  /** Changes a person's attributes (cn, mail, uid: a rename, which keeps the entryUUID). */
  change(uid: string, attributes: Record<string, string>): Promise<void>;
  setAdmin(uid: string, admin: boolean): Promise<void>;
  /** Stops (SIGSTOP) and continues (SIGCONT) slapd: a directory that takes connections and answers nothing. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const run = promisify(execFile);

export async function startSlapd(): Promise<TestLdap> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-slapd-'));
  await mkdir(path.join(dir, 'db'));
  const { caFile, certFile, keyFile } = await makeCertificates(dir);
  const [port, ldapsPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slapd.conf');
  await writeFile(
    conf,
    [
      ...['core', 'cosine', 'inetorgperson', 'nis'].map((schema) => `include /etc/ldap/schema/${schema}.schema`),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      // A DN with an empty password binds anonymously and succeeds: the trap Ferry must not fall in by itself.
      'allow bind_anon_dn',
      `TLSCACertificateFile ${caFile}`,
      `TLSCertificateFile ${certFile}`,
      `TLSCertificateKeyFile ${keyFile}`,
      'database mdb',
      `suffix "${SUFFIX}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${path.join(dir, 'db')}`,
      'maxsize 16777216',
      // Passwords are for binding; the service account reads people and groups; people read themselves.
      'access to attrs=userPassword by anonymous auth by * none',
      `access to * by dn.exact="${SERVICE_DN}" read by self read by anonymous auth by * none`,
      '',
    ].join('\n'),
  );
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const child = spawn(SLAPD, ['-f', conf, '-h', `${url}/ ${ldapsUrl}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const admin = new Client({ url, timeout: 5000 });
  try {
    await answers(child, admin, () => stderr);
    await seed(admin);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const personDn = (uid: string) => `uid=${uid},${PEOPLE}`;
  return {
    url,
    ldapsUrl,
    caFile,
    options: {
      FeatureAuthentication: 'enabled',
      LdapUrl: url,
      LdapBindDn: SERVICE_DN,
      LdapBindPassword: SERVICE_PASSWORD,
      LdapSearchBase: PEOPLE,
      LdapSearchFilter: '(&(objectClass=inetOrgPerson)(uid={login}))',
      LdapAdminGroup: ADMINS,
      LdapTimeout: 5,
    },
    addPerson: async ({ uid, password, cn = uid, mail }) => {
      await admin.add(personDn(uid), {
        objectClass: ['inetOrgPerson'],
        uid,
        cn,
        sn: cn,
        userPassword: password,
        ...(mail && { mail }),
      });
      const { searchEntries } = await admin.search(personDn(uid), { scope: 'base', attributes: ['entryUUID'] });
      return String(searchEntries[0]!.entryUUID);
    },
    removePerson: (uid) => admin.del(personDn(uid)),
    change: async (uid, attributes) => {
      const { uid: renamed, ...rest } = attributes;
      const changes = Object.entries(rest).map(
        ([type, value]) => new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) }),
      );
      if (changes.length > 0) await admin.modify(personDn(uid), changes);
      if (renamed) await admin.modifyDN(personDn(uid), `uid=${renamed}`);
    },
    setAdmin: (uid, isAdmin) =>
      admin.modify(
        ADMINS,
        new Change({ operation: isAdmin ? 'add' : 'delete', modification: new Attribute({ type: 'member', values: [personDn(uid)] }) }),
      ),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: async () => {
      await admin.unbind().catch(() => undefined);
      child.kill('SIGCONT');
      await stopped(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The tree: people, the service account, and the admin group (groupOfNames needs a member: the service account). */
async function seed(admin: Client): Promise<void> {
  await admin.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'ferry', o: 'Ferry tests' });
  for (const ou of ['people', 'services', 'groups']) await admin.add(`ou=${ou},${SUFFIX}`, { objectClass: 'organizationalUnit', ou });
  await admin.add(SERVICE_DN, {
    objectClass: ['person', 'simpleSecurityObject'],
    cn: 'ferry-service',
    sn: 'Ferry',
    userPassword: SERVICE_PASSWORD,
  });
  await admin.add(ADMINS, { objectClass: 'groupOfNames', cn: 'ferry-admins', member: SERVICE_DN });
}

/** A CA, and a certificate for 127.0.0.1 it signs: what LDAPS and StartTLS are checked against. */
async function makeCertificates(dir: string) {
  const file = (name: string) => path.join(dir, name);
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...key,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Ferry test CA',
  ]);
  await run('openssl', ['req', ...key, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  ]);
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}

/** Waits (up to 10 s) until slapd takes the root's bind. */
async function answers(child: ChildProcess, admin: Client, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}): ${stderr()}`);
    try {
      await admin.bind(ROOT_DN, ROOT_PASSWORD);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`slapd did not answer within 10 s: ${(err as Error).message} ${stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
