// A real SMTP server for the tests (smtp-server, in this process) on port 0: it keeps every message it receives,
// raw, with its envelope. `tls`: STARTTLS with a certificate openssl makes for the test.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** The credentials the server accepted. */
  logins: string[];
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startTestSmtp({
  starttls = false,
  user,
}: {
  starttls?: boolean;
  user?: { name: string; password: string };
} = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const dir = starttls ? await mkdtemp(path.join(os.tmpdir(), 'ferry-smtp-')) : undefined;
  let tls: { key: Buffer; cert: Buffer } | undefined;
  if (dir) {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ]);
    tls = { key: await readFile(key), cert: await readFile(cert) };
  }
  const server = new SMTPServer({
    ...(tls ?? {}),
    disabledCommands: tls ? [] : ['STARTTLS'],
    authOptional: user === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (user && auth.username === user.name && auth.password === user.password) {
        logins.push(auth.username ?? '');
        return callback(null, { user: auth.username });
      }
      callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    logins,
    async waitForMessages(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${messages.length} of ${count} emails received in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return messages;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Bytes written as =XX (quoted-printable, and RFC 2047's Q words) read back as UTF-8 text. */
const fromQuoted = (text: string) =>
  Buffer.from(
    text.replace(/=([0-9A-F]{2})|[\s\S]/g, (all, hex?: string) => (hex ? String.fromCharCode(Number.parseInt(hex, 16)) : all)),
    'latin1',
  ).toString('utf8');

/**
 * A message as a reader sees it: encoded-word headers (Subject: =?UTF-8?Q?…?=) and quoted-printable parts decoded,
 * so that a test finds its words in any language.
 */
export function readableMail(mail: ReceivedMail): string {
  const end = mail.raw.search(/\r?\n\r?\n/);
  const headers = mail.raw
    .slice(0, end)
    .replace(/\?=\r?\n[ \t]+=\?/g, '?==?')
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, word: string) =>
      kind.toUpperCase() === 'B' ? fromQuoted(Buffer.from(word, 'base64').toString('latin1')) : fromQuoted(word.replace(/_/g, ' ')),
    );
  return `${headers}${fromQuoted(mail.raw.slice(end).replace(/=\r?\n/g, ''))}`;
}
