// Ferry's emails through a real SMTP server started by the test: "your file was downloaded" (opt-in per upload,
// owner only), sharing an upload's link (rate-limited, owner only), and password reset (token used once);
// plain text and HTML each, in the recipient's language; bad input on every route. Emails wait in the metadata store's queue like webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectMetadataDatabase } from '../../src/metadata/open.js';
import { exportMetadata } from '../../src/metadata/transfer.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { readableMail, startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.js';

let ferry: TestFerry;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp({ starttls: true, user: { name: 'ferry-mailer', password: 'smtp-secret' } });
  ferry = await startTestFerry({
    FeatureAuthentication: 'enabled',
    EncryptionKey: Buffer.alloc(32, 3).toString('base64'),
    SmtpHost: '127.0.0.1',
    SmtpPort: smtp.port,
    SmtpTls: 'starttls',
    SmtpInsecureSkipVerify: true,
    SmtpUser: 'ferry-mailer',
    SmtpPassword: 'smtp-secret',
    SmtpFrom: 'Ferry <ferry@example.org>',
    WebhookRetryDelay: 1,
  });
});
afterAll(async () => {
  await ferry?.close();
  await smtp?.close();
});

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${ferry.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

async function newUser(login: string, email: string): Promise<Session> {
  await ferry.services.users.create({ provider: 'local', login, password: `${login}-password`, name: login, email });
  return signIn(ferry.url, login, `${login}-password`);
}

/** The message's decoded text part (nodemailer writes it quoted-printable). */
const textOf = (mail: ReceivedMail) =>
  mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

async function nextMail(count: number): Promise<ReceivedMail> {
  return (await smtp.waitForMessages(count)).at(-1)!;
}

describe('emails', () => {
  it('tell the owner who asked that a file was downloaded, in text and HTML, over STARTTLS with the SMTP login', async () => {
    const ida = await newUser('ida-mail', 'ida@example.org');
    const upload = await createUpload(ferry.url, {}, ida.write);
    const file = await addFile(ferry.url, upload, 'downloaded once', 'report <2026>.txt');
    const path = `/me/uploads/${upload.id}/notifications`;
    expect(await (await send('GET', path, ida.read)).json()).toEqual({ emailOnDownload: false, mail: true });
    const set = await send('PUT', path, ida.write, { emailOnDownload: true });
    expect([set.status, await set.json()]).toEqual([200, { emailOnDownload: true, mail: true }]);
    const before = smtp.messages.length;
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(200);
    const mail = await nextMail(before + 1);
    expect(mail.to).toEqual(['ida@example.org']);
    expect(mail.from).toBe('ferry@example.org');
    expect(smtp.logins).toContain('ferry-mailer');
    const text = textOf(mail);
    expect(text).toMatch(/^Subject: Your file report <2026>\.txt was downloaded/m);
    expect(text).toContain('Content-Type: text/plain');
    expect(text).toContain('Content-Type: text/html');
    expect(text).toContain('report &lt;2026&gt;.txt');
    // Turned off: the next download sends nothing.
    await send('PUT', path, ida.write, { emailOnDownload: false });
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.length).toBe(before + 1);
  });

  it("are in the recipient's language: a French user's download notice is in French, HTML marked fr", async () => {
    const eloise = await newUser('eloise-mail', 'eloise@example.org');
    expect((await send('PATCH', '/me', eloise.write, { language: 'fr' })).status).toBe(200);
    const upload = await createUpload(ferry.url, {}, eloise.write);
    const file = await addFile(ferry.url, upload, 'téléchargé une fois', 'rapport.txt');
    expect((await send('PUT', `/me/uploads/${upload.id}/notifications`, eloise.write, { emailOnDownload: true })).status).toBe(200);
    const before = smtp.messages.length;
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(200);
    const mail = readableMail(await nextMail(before + 1));
    expect(mail).toMatch(/^Subject: Votre fichier rapport\.txt a été téléchargé$/m);
    expect(mail).toContain(`Votre fichier « rapport.txt » (22 B envoyés) de l’envoi ${upload.id} vient d’être téléchargé.`);
    expect(mail).toContain('<html lang="fr" dir="ltr">');
    expect(mail).not.toContain('was downloaded');
  });

  it("share an upload's link by email, one email per address, a few addresses an hour, for the owner only", async () => {
    const jo = await newUser('jo-mail', 'jo@example.org');
    const kim = await newUser('kim-mail', 'kim@example.org');
    const upload = await createUpload(ferry.url, {}, jo.write);
    const path = `/me/uploads/${upload.id}/share`;
    const before = smtp.messages.length;
    const shared = await send('POST', path, jo.write, {
      to: ['a@example.org', 'B@example.org', 'b@example.org'],
      message: 'For the meeting',
    });
    expect([shared.status, await shared.json()]).toEqual([200, { sent: 2 }]);
    const mails = (await smtp.waitForMessages(before + 2)).slice(before);
    expect(mails.map((m) => m.to).sort()).toEqual([['a@example.org'], ['b@example.org']]);
    expect(textOf(mails[0]!)).toContain(`${ferry.url}/d?id=${upload.id}`);
    expect(textOf(mails[0]!)).toContain('For the meeting');
    // Another's upload is an unknown one; the link must be the upload's own page.
    expect((await send('POST', path, kim.write, { to: ['a@example.org'] })).status).toBe(404);
    expect((await send('POST', path, jo.write, { to: ['a@example.org'], link: 'https://evil.example/phish' })).status).toBe(400);
    const withKey = await send('POST', path, jo.write, { to: ['c@example.org'], link: `${ferry.url}/d?id=${upload.id}#key=abc` });
    expect(withKey.status).toBe(200);
    // 30 addresses an hour: 3 used, 27 more pass, the next is refused.
    const many = (n: number, from: number) => Array.from({ length: n }, (_, i) => `r${from + i}@example.org`);
    for (const batch of [many(10, 0), many(10, 10), many(7, 20)])
      expect((await send('POST', path, jo.write, { to: batch })).status).toBe(200);
    const refused = await send('POST', path, jo.write, { to: ['late@example.org'] });
    expect(refused.status).toBe(429);
  });

  it('reset a local password with the emailed token, once; the same answer for an unknown login', async () => {
    await newUser('lea-mail', 'lea@example.org');
    const before = smtp.messages.length;
    const asked = await send('POST', '/auth/password-reset', { 'Content-Type': 'application/json' }, { login: 'lea-mail' });
    expect([asked.status, await asked.json()]).toEqual([202, { ok: true }]);
    const unknown = await send('POST', '/auth/password-reset', { 'Content-Type': 'application/json' }, { login: 'nobody-here' });
    expect([unknown.status, await unknown.json()]).toEqual([202, { ok: true }]);
    const mail = await nextMail(before + 1);
    expect(mail.to).toEqual(['lea@example.org']);
    const token = /login#reset=([\w-]+)/.exec(textOf(mail))?.[1];
    expect(token).toBeDefined();
    // The queue keeps the email sealed: the token is nowhere in the database in clear.
    const { db } = await connectMetadataDatabase(loadConfig({ flags: ferry.storage.options }).config);
    let dumped = '';
    try {
      for await (const line of exportMetadata(db)) dumped += line;
    } finally {
      await db.destroy();
    }
    expect(dumped).toContain('"channel":"email"');
    expect(dumped).not.toContain(token);
    const confirm = (body: unknown) => send('POST', '/auth/password-reset/confirm', { 'Content-Type': 'application/json' }, body);
    const short = await confirm({ token, password: 'short' });
    expect(short.status).toBe(400);
    expect((await confirm({ token, password: 'lea-new-password' })).status).toBe(200);
    await signIn(ferry.url, 'lea-mail', 'lea-new-password');
    const again = await confirm({ token, password: 'lea-other-password' });
    expect([again.status, (await again.json()).message]).toEqual([400, expect.stringMatching(/unknown, used already or expired/)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('answer bad input with a 400 in JSON', async () => {
    const max = await newUser('max-mail', 'max@example.org');
    const upload = await createUpload(ferry.url, {}, max.write);
    const json = { 'Content-Type': 'application/json' };
    const cases: Array<[string, string, Record<string, string>, unknown]> = [
      ['PUT', `/me/uploads/${upload.id}/notifications`, max.write, {}],
      ['PUT', `/me/uploads/${upload.id}/notifications`, max.write, { emailOnDownload: 'yes' }],
      ['POST', `/me/uploads/${upload.id}/share`, max.write, {}],
      ['POST', `/me/uploads/${upload.id}/share`, max.write, { to: [] }],
      ['POST', `/me/uploads/${upload.id}/share`, max.write, { to: ['not an address'] }],
      ['POST', `/me/uploads/${upload.id}/share`, max.write, { to: Array.from({ length: 11 }, (_, i) => `x${i}@example.org`) }],
      ['POST', `/me/uploads/${upload.id}/share`, max.write, { to: ['a@example.org'], message: 'x'.repeat(2001) }],
      ['POST', '/auth/password-reset', json, {}],
      ['POST', '/auth/password-reset', json, { login: '' }],
      ['POST', '/auth/password-reset/confirm', json, { token: 'abc' }],
      ['POST', '/auth/password-reset/confirm', json, { token: 'abc', password: 'long-enough-password' }],
    ];
    for (const [method, path, headers, body] of cases) {
      const response = await send(method, path, headers, body);
      expect([path, body, response.status]).toEqual([path, body, 400]);
      expect(await response.json()).toMatchObject({ status: 400, message: expect.any(String) });
    }
    expect((await send('GET', '/me/uploads/nope/notifications', max.read)).status).toBe(404);
    expect((await send('PUT', `/me/uploads/${upload.id}/notifications`, max.read, { emailOnDownload: true })).status).toBe(403);
  });
});
