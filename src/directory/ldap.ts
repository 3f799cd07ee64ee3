// The LDAP directory (LdapUrl): bind as the service account, find the one entry the login names, bind as that entry
// with the password, then read who they are and whether the admin group lists them. Each sign-in has a connection
// of its own, closed after it, and the whole exchange a deadline (LdapTimeout), so a directory that stalls
// anywhere (a TLS handshake included) answers 503, never a hang.
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { Client, type Entry, Filter, InvalidCredentialsError, NoSuchObjectError, ResultCodeError, SizeLimitExceededError } from 'ldapts';
import type { LdapSettings } from '../config/ldap.js';
import { storeUnavailable } from '../model/errors.js';
import { isWellFormedLogin } from '../model/logins.js';
import type { Directory, DirectoryPerson } from './directory.js';

export class LdapDirectory implements Directory {
  constructor(private readonly settings: LdapSettings) {}

  async authenticate(login: string, password: string): Promise<DirectoryPerson | undefined> {
    // A simple bind with a DN and no password is an anonymous bind (RFC 4513 5.1.2), which many servers let
    // through: it would prove nothing.
    if (password === '') return undefined;
    const sockets: Socket[] = [];
    const client = this.client(sockets);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs);
    });
    const asked = this.ask(client, login, password);
    // Past the deadline its sockets are destroyed, which fails it: nobody waits for that any more.
    asked.catch(() => undefined);
    try {
      return await Promise.race([asked, deadline]);
    } catch (err) {
      throw storeUnavailable('the LDAP directory', err);
    } finally {
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
    }
  }

  private client(sockets: Socket[]): Client {
    const { url, ca, timeoutMs } = this.settings;
    const keep = <T extends Socket>(socket: T): T => {
      sockets.push(socket);
      return socket;
    };
    const secure = (...args: unknown[]) => keep((tls.connect as (...a: unknown[]) => tls.TLSSocket)(...args));
    return new Client({
      url,
      timeout: timeoutMs,
      connectTimeout: timeoutMs,
      // ldapts takes any TLS option for ldaps: an ldap:// URL gets none (StartTLS has its own, in ask).
      ...(url.startsWith('ldaps:') && { tlsOptions: { ca, minVersion: 'TLSv1.2' as const } }),
      createConnection: ((port: number, host: string) => keep(net.connect(port, host))) as typeof net.connect,
      createSecureConnection: secure as typeof tls.connect,
    });
  }

  private async ask(client: Client, login: string, password: string): Promise<DirectoryPerson | undefined> {
    const s = this.settings;
    try {
      if (s.startTls) {
        // The certificate is checked against the URL's host (its name or address); SNI takes names only.
        const host = new URL(s.url).hostname.replace(/^\[|\]$/g, '');
        await client.startTLS({ ca: s.ca, host, ...(net.isIP(host) === 0 && { servername: host }), minVersion: 'TLSv1.2' });
      }
      await this.bindService(client);
      const entry = await this.find(client, login);
      // A login the directory does not know costs a bind all the same (to a DN no entry has), so that the time
      // taken does not tell it from a wrong password.
      const bound = entry
        ? await this.binds(client, entry.dn, password)
        : await this.binds(client, `cn=ferry-nobody,${s.searchBase}`, password, true);
      if (!bound || !entry) return undefined;
      let isAdmin: boolean | undefined;
      if (s.adminGroup) {
        // The group is read as the service account, which may read what a user may not.
        await this.bindService(client);
        isAdmin = await this.inGroup(client, entry);
      }
      return { id: idOf(entry, s.idAttribute), name: text(entry, s.nameAttribute), email: text(entry, s.emailAttribute), isAdmin };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async bindService(client: Client): Promise<void> {
    if (this.settings.bindDn) await client.bind(this.settings.bindDn, this.settings.bindPassword);
  }

  /** The one entry the filter finds for this login; none when it finds none or several. */
  private async find(client: Client, login: string): Promise<Entry | undefined> {
    const s = this.settings;
    // Filter.escape (RFC 4515) turns `*`, `(`, `)`, `\` and NUL into \XX: the login is a value, never filter syntax.
    const filter = s.searchFilter.replaceAll('{login}', Filter.escape(login));
    try {
      const { searchEntries } = await client.search(s.searchBase, {
        scope: 'sub',
        filter,
        sizeLimit: 2,
        attributes: [s.idAttribute, s.usernameAttribute, s.nameAttribute, s.emailAttribute],
        // Active Directory's objectGUID is 16 bytes, not text.
        explicitBufferAttributes: [s.idAttribute],
      });
      return searchEntries.length === 1 ? searchEntries[0] : undefined;
    } catch (err) {
      if (err instanceof SizeLimitExceededError) return undefined;
      throw err;
    }
  }

  /**
   * Whether `password` is the entry's: a refusal is an answer, any other failure is the directory's. `nobody`: a DN
   * no entry has, to which any answer of the server's is a no.
   */
  private async binds(client: Client, dn: string, password: string, nobody = false): Promise<boolean> {
    try {
      await client.bind(dn, password);
      return true;
    } catch (err) {
      if (err instanceof InvalidCredentialsError || (nobody && err instanceof ResultCodeError)) return false;
      throw err;
    }
  }

  /** Whether LdapAdminGroup lists the entry: groupOfNames (member), groupOfUniqueNames (uniqueMember), posixGroup (memberUid). */
  private async inGroup(client: Client, entry: Entry): Promise<boolean> {
    const dn = Filter.escape(entry.dn);
    const uid = Filter.escape(text(entry, this.settings.usernameAttribute));
    const filter = `(|(member=${dn})(uniqueMember=${dn})${uid && `(memberUid=${uid})`})`;
    try {
      const { searchEntries } = await client.search(this.settings.adminGroup, { scope: 'base', filter, attributes: ['1.1'] });
      return searchEntries.length > 0;
    } catch (err) {
      // A group that is gone has no members.
      if (err instanceof NoSuchObjectError) return false;
      throw err;
    }
  }
}

/** The attribute's first value, found whatever the case of its name (servers answer with the schema's spelling). */
function value(entry: Entry, attribute: string): string | Buffer | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const found = key === undefined ? undefined : entry[key];
  return Array.isArray(found) ? found[0] : found;
}

const text = (entry: Entry, attribute: string): string => value(entry, attribute)?.toString() ?? '';

/** The id as text when it is printable (entryUUID), else as hex (objectGUID's bytes). */
function idOf(entry: Entry, attribute: string): string {
  const found = value(entry, attribute);
  if (found === undefined || found.length === 0) throw new Error(`${entry.dn} has no ${attribute} (LdapIdAttribute)`);
  const asText = found.toString();
  return /^[\x21-\x7e]+$/.test(asText) && isWellFormedLogin(asText) ? asText : Buffer.from(found).toString('hex');
}
