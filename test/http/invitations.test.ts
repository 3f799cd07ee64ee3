// Invitations over HTTP on a FeatureAuthentication = forced server with a real SMTP server: an admin invites, the
// link arrives by email, its page's routes answer without a session, the account is made once and signs in; bad
// input, other users, used, revoked and expired links are refused; of parallel accepts, one makes an account.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectMetadataDatabase } from '../../src/metadata/open.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn, type Session } from '../helpers/session.js';
import { readableMail, startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

let ferry: TestFerry;
let smtp: TestSmtp;
let admin: Session;

beforeAll(async () => {
  smtp = await startTestSmtp();
  ferry = await startTestFerry({
    FeatureAuthentication: 'forced',
    EncryptionKey: Buffer.alloc(32, 7).toString('base64'),
    SmtpHost: '127.0.0.1',
    SmtpPort: smtp.port,
    SmtpTls: 'none',
    SmtpFrom: 'ferry@example.org',
  });
  await ferry.services.users.create({ provider: 'local', login: 'inv-admin', password: 'inv-admin-password', isAdmin: true, name: 'Ada' });
  admin = await signIn(ferry.url, 'inv-admin', 'inv-admin-password');
  // A server started on a loaded machine, with a database server's schema to make: more than the 30 s default.
}, 120_000);
afterAll(async () => {
  await ferry?.close();
  await smtp?.close();
});

const json = { 'Content-Type': 'application/json' };
const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${ferry.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const invite = async (body: unknown, session = admin) => send('POST', '/invitations', session.write, body);
const tokenOf = (link: string) => /#token=([\w-]+)$/.exec(link)![1]!;
const accept = (body: Record<string, unknown>) => send('POST', '/auth/invitation/accept', json, body);

async function newInvitation(body: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const made = await invite(body);
  expect(made.status).toBe(201);
  const { invitation, link } = await made.json();
  return { id: invitation.id, token: tokenOf(link) };
}

describe('invitations', () => {
  it('email a link whose page needs no session, make the account once, which then signs in', async () => {
    const before = smtp.messages.length;
    const made = await invite({ email: 'newcomer@example.org', note: 'Welcome to the team', ttl: 3600 });
    expect(made.status).toBe(201);
    const { invitation, link, emailed } = await made.json();
    expect(emailed).toBe(true);
    expect(invitation).toMatchObject({ email: 'newcomer@example.org', state: 'pending', createdBy: 'local:inv-admin', usedBy: null });
    expect(link).toMatch(new RegExp(`^${ferry.url}/invite#token=[\\w-]{43}$`));
    const mail = (await smtp.waitForMessages(before + 1)).at(-1)!;
    expect(mail.to).toEqual(['newcomer@example.org']);
    const text = readableMail(mail);
    expect(text).toMatch(/^Subject: Ada invites you to Ferry$/m);
    expect(text).toContain(link);
    expect(text).toContain('Welcome to the team');
    const token = tokenOf(link);

    // The list never shows the token again.
    const listed = await (await send('GET', '/invitations', admin.read)).text();
    expect(listed).toContain(invitation.id);
    expect(listed).not.toContain(token);

    const pending = await send('POST', '/auth/invitation', json, { token });
    expect([pending.status, await pending.json()]).toEqual([200, { email: 'newcomer@example.org', expireAt: invitation.expireAt }]);
    // A refused password does not use the invitation up.
    const weak = await accept({ token, login: 'newcomer', password: 'password' });
    expect([weak.status, (await weak.json()).message]).toEqual([400, expect.stringMatching(/most common passwords/)]);
    const made2 = await accept({ token, login: 'newcomer', password: 'a-newcomer-passphrase', name: 'New Comer' });
    expect([made2.status, await made2.json()]).toEqual([201, { login: 'newcomer' }]);
    const session = await signIn(ferry.url, 'newcomer', 'a-newcomer-passphrase');
    const me = await (await send('GET', '/me', session.read)).json();
    expect(me).toMatchObject({ login: 'newcomer', name: 'New Comer', email: 'newcomer@example.org', admin: false });

    const again = await accept({ token, login: 'newcomer2', password: 'another-passphrase' });
    expect([again.status, (await again.json()).message]).toEqual([410, 'this invitation was used: ask for a new one']);
    expect((await send('POST', '/auth/invitation', json, { token })).status).toBe(410);
    const { invitations } = await (await send('GET', '/invitations', admin.read)).json();
    expect(invitations.find((i: { id: string }) => i.id === invitation.id)).toMatchObject({ state: 'used', usedBy: 'local:newcomer' });
    // The new user may not invite (admins only by default), nor see the list.
    expect((await invite({}, session)).status).toBe(403);
    expect((await send('GET', '/invitations', session.read)).status).toBe(403);
  });

  it('refuse bad input, unknown, revoked and expired links with a clear 4xx', async () => {
    expect((await send('POST', '/invitations', json, {})).status).toBe(401);
    for (const body of [{ ttl: 59 }, { ttl: 31 * 24 * 3600 }, { email: 'not an address' }, { note: 'x'.repeat(1025) }])
      expect((await invite(body)).status, JSON.stringify(body)).toBe(400);
    expect((await send('POST', '/auth/invitation', json, { token: 'no-such-token' })).status).toBe(404);
    expect((await accept({ token: 'no-such-token', login: 'nobody1', password: 'a-long-passphrase' })).status).toBe(404);
    expect((await accept({ login: 'nobody1', password: 'a-long-passphrase' })).status).toBe(400);

    const revoked = await newInvitation();
    expect((await send('DELETE', `/invitations/${revoked.id}`, admin.write)).status).toBe(204);
    expect((await send('DELETE', `/invitations/${revoked.id}`, admin.write)).status).toBe(409);
    expect((await send('DELETE', '/invitations/unknown', admin.write)).status).toBe(404);
    const late = await accept({ token: revoked.token, login: 'revoked1', password: 'a-long-passphrase' });
    expect([late.status, (await late.json()).message]).toEqual([410, 'this invitation was revoked: ask for a new one']);

    const expired = await newInvitation({ ttl: 60 });
    const { db } = await connectMetadataDatabase(loadConfig({ flags: ferry.storage.options }).config);
    try {
      await db.updateTable('invitations').set({ expire_at: sql`created_at` }).where('id', '=', expired.id).execute();
    } finally {
      await db.destroy();
    }
    const old = await accept({ token: expired.token, login: 'expired1', password: 'a-long-passphrase' });
    expect([old.status, (await old.json()).message]).toEqual([410, 'this invitation was not used in time: ask for a new one']);
    const { invitations } = await (await send('GET', '/invitations', admin.read)).json();
    const states = Object.fromEntries(invitations.map((i: { id: string; state: string }) => [i.id, i.state]));
    expect([states[revoked.id], states[expired.id]]).toEqual(['revoked', 'expired']);

    // A login taken already: the invitation stays for another try.
    const kept = await newInvitation();
    expect((await accept({ token: kept.token, login: 'inv-admin', password: 'a-long-passphrase' })).status).toBe(400);
    expect((await accept({ token: kept.token, login: 'kept-login', password: 'a-long-passphrase' })).status).toBe(201);
  });

  it('make one account of ten parallel accepts of one link, with ten logins or one', async () => {
    for (const logins of [Array.from({ length: 10 }, (_, i) => `racer-${i}`), Array(10).fill('same-racer')]) {
      const { token } = await newInvitation();
      const answers = await Promise.all(logins.map((login) => accept({ token, login, password: 'a-racing-passphrase' })));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(410)]);
      const made = await Promise.all([...new Set(logins)].map((login) => ferry.services.users.find(`local:${login}`)));
      expect(made.filter(Boolean)).toHaveLength(1);
    }
  });

  it('are rate-limited per user: 20 an hour', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'busy-admin', password: 'busy-admin-password', isAdmin: true });
    const busy = await signIn(ferry.url, 'busy-admin', 'busy-admin-password');
    for (let i = 0; i < 20; i++) expect((await invite({}, busy)).status).toBe(201);
    expect((await invite({}, busy)).status).toBe(429);
    expect((await invite({})).status).toBe(201);
  });
});
