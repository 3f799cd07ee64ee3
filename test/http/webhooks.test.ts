// Webhooks end to end: registered through /me/webhooks, called by the delivery queue on a real receiver that
// refuses the first calls (retries with backoff, the same event id each time), signed with the secret shown once;
// SSRF refusals without WebhookAllowPrivate; the delivery log and test call; bad input on every route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { signatureValid, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const base = { FeatureAuthentication: 'enabled', EncryptionKey: KEY };

let ferry: TestFerry;
let strict: TestFerry;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [ferry, strict, receiver] = await Promise.all([
    startTestFerry({ ...base, WebhookAllowPrivate: true, WebhookRetryDelay: 1 }),
    startTestFerry(base),
    startWebhookReceiver({ failFirst: 2 }),
  ]);
});
afterAll(async () => {
  await Promise.all([ferry?.close(), strict?.close(), receiver?.close()]);
});

const send = (server: TestFerry, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

async function newUser(server: TestFerry, login: string, admin = false): Promise<Session> {
  await server.services.users.create({ provider: 'local', login, password: `${login}-password`, name: login, isAdmin: admin });
  return signIn(server.url, login, `${login}-password`);
}

async function register(server: TestFerry, session: Session, body: unknown): Promise<{ webhook: { id: string }; secret: string }> {
  const response = await send(server, 'POST', '/me/webhooks', session.write, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<{ webhook: { id: string }; secret: string }>;
}

describe('webhooks', () => {
  it('are called, signed, for the events they want; refused calls are retried with backoff under the same event id', async () => {
    const ann = await newUser(ferry, 'ann-hooks');
    const { webhook, secret } = await register(ferry, ann, {
      url: receiver.url,
      events: ['file.uploaded', 'file.downloaded'],
      description: 'CI',
    });
    expect(secret).toMatch(/^whsec_/);
    // The secret is in no later answer, and in the database only sealed.
    const listed = await (await send(ferry, 'GET', '/me/webhooks', ann.read)).text();
    expect(listed).toContain(webhook.id);
    expect(listed).not.toContain(secret);
    expect((await ferry.metadata.findWebhook(webhook.id))?.sealedSecret).not.toContain(secret.slice(6));

    const upload = await createUpload(ferry.url, {}, ann.write);
    const file = await addFile(ferry.url, upload, 'hello webhooks', 'hello.txt');
    // Three calls of file.uploaded: two answered 500, the third accepted.
    const [call] = await receiver.waitForAccepted(1);
    expect(receiver.calls).toHaveLength(3);
    const ids = new Set(receiver.calls.map((c) => c.headers['ferry-delivery']));
    expect(ids.size).toBe(1);
    expect(receiver.calls[2]!.at - receiver.calls[1]!.at).toBeGreaterThanOrEqual(receiver.calls[1]!.at - receiver.calls[0]!.at);
    expect(receiver.calls[1]!.at - receiver.calls[0]!.at).toBeGreaterThanOrEqual(900);
    for (const c of receiver.calls) expect(signatureValid(c, secret)).toBe(true);
    expect(signatureValid(call!, 'whsec_wrong')).toBe(false);
    expect(signatureValid({ ...call!, body: call!.body.replace('hello', 'HELLO') }, secret)).toBe(false);
    expect(call!.headers['idempotency-key']).toBe(call!.headers['ferry-delivery']);
    expect(call!.headers['ferry-event']).toBe('file.uploaded');
    const body = JSON.parse(call!.body);
    expect(body).toEqual({
      id: call!.headers['ferry-delivery'],
      type: 'file.uploaded',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        uploadId: upload.id,
        fileId: file.id,
        name: 'hello.txt',
        size: 14,
        type: expect.any(String),
        deduplicated: false,
        userId: 'local:ann-hooks',
      },
    });
    expect(call!.body).not.toContain(upload.uploadToken);

    // upload.created was not asked for; file.downloaded was.
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(200);
    const [, downloaded] = await receiver.waitForAccepted(2);
    expect(JSON.parse(downloaded!.body)).toMatchObject({
      type: 'file.downloaded',
      data: { uploadId: upload.id, fileId: file.id, bytes: 14 },
    });

    const log = await (await send(ferry, 'GET', `/me/webhooks/${webhook.id}/deliveries`, ann.read)).json();
    expect(log.deliveries.map((d: { eventType: string }) => d.eventType)).toEqual(['file.downloaded', 'file.uploaded']);
    expect(log.deliveries[1]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, eventId: body.id });
  });

  it('send a test call on request; an admin registers a server-wide one told of every user', async () => {
    const bob = await newUser(ferry, 'bob-hooks');
    const admin = await newUser(ferry, 'admin-hooks', true);
    const own = await register(ferry, bob, { url: receiver.url, events: ['upload.deleted'] });
    const before = receiver.accepted().length;
    const test = await (await send(ferry, 'POST', `/me/webhooks/${own.webhook.id}/test`, bob.write)).json();
    const calls = await receiver.waitForAccepted(before + 1);
    expect(JSON.parse(calls.at(-1)!.body)).toMatchObject({ id: test.eventId, type: 'webhook.test', data: { webhookId: own.webhook.id } });

    expect(
      (await send(ferry, 'POST', '/me/webhooks', bob.write, { url: receiver.url, events: ['upload.created'], serverWide: true })).status,
    ).toBe(400);
    const server = await register(ferry, admin, { url: receiver.url, events: ['upload.created'], serverWide: true });
    const upload = await createUpload(ferry.url, {}, bob.write);
    const created = await receiver.waitForAccepted(before + 2);
    expect(JSON.parse(created.at(-1)!.body)).toMatchObject({
      type: 'upload.created',
      data: { uploadId: upload.id, userId: 'local:bob-hooks' },
    });
    expect(signatureValid(created.at(-1)!, server.secret)).toBe(true);
    // Bob does not see the admin's webhook, nor its log; the admin lists it.
    expect((await (await send(ferry, 'GET', '/me/webhooks', bob.read)).json()).webhooks).toHaveLength(1);
    expect((await send(ferry, 'GET', `/me/webhooks/${server.webhook.id}/deliveries`, bob.read)).status).toBe(404);
    expect((await send(ferry, 'DELETE', `/me/webhooks/${server.webhook.id}`, bob.write)).status).toBe(404);
    const adminList = (await (await send(ferry, 'GET', '/me/webhooks', admin.read)).json()).webhooks;
    expect(adminList).toEqual([expect.objectContaining({ id: server.webhook.id, serverWide: true })]);
    expect((await send(ferry, 'DELETE', `/me/webhooks/${server.webhook.id}`, admin.write)).status).toBe(204);
    expect((await send(ferry, 'DELETE', `/me/webhooks/${own.webhook.id}`, bob.write)).status).toBe(204);
    expect((await send(ferry, 'GET', `/me/webhooks/${own.webhook.id}/deliveries`, bob.read)).status).toBe(404);
  });

  it('refuse loopback, private and link-local endpoints and plain http unless WebhookAllowPrivate', async () => {
    const eve = await newUser(strict, 'eve-hooks');
    for (const url of [
      receiver.url.replace('http:', 'https:'),
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://192.168.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'http://93.184.215.14/hook',
      // A public-looking name that resolves to this host.
      'https://127.0.0.1.nip.io.localhost/hook',
    ]) {
      const response = await send(strict, 'POST', '/me/webhooks', eve.write, { url, events: ['file.uploaded'] });
      expect([url, response.status]).toEqual([url, 400]);
      expect((await response.json()).message).toMatch(/^url: /);
    }
  });

  it('answer bad input with a 400 in JSON, and need a session for changes', async () => {
    const fay = await newUser(ferry, 'fay-hooks');
    for (const body of [
      {},
      { url: receiver.url },
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ['file.exploded'] },
      { url: 'not a url', events: ['file.uploaded'] },
      { url: 'ftp://example.org/', events: ['file.uploaded'] },
      { url: 'https://user:pw@example.org/', events: ['file.uploaded'] },
      { url: 'x'.repeat(3000), events: ['file.uploaded'] },
      'just a string',
    ]) {
      const response = await send(ferry, 'POST', '/me/webhooks', fay.write, body);
      expect([body, response.status]).toEqual([body, 400]);
      expect(await response.json()).toMatchObject({ status: 400, message: expect.any(String) });
    }
    expect((await send(ferry, 'GET', '/me/webhooks', {})).status).toBe(401);
    expect(
      (await send(ferry, 'POST', '/me/webhooks', { 'Content-Type': 'application/json' }, { url: receiver.url, events: ['file.uploaded'] }))
        .status,
    ).toBe(401);
    expect((await send(ferry, 'POST', '/me/webhooks', fay.read, { url: receiver.url, events: ['file.uploaded'] })).status).toBe(403);
    for (const [method, path] of [
      ['DELETE', '/me/webhooks/nope'],
      ['GET', '/me/webhooks/nope/deliveries'],
      ['POST', '/me/webhooks/nope/test'],
    ] as const) {
      expect([path, (await send(ferry, method, path, fay.write)).status]).toEqual([path, 404]);
    }
    expect((await send(ferry, 'GET', `/me/webhooks/${'x'.repeat(100)}/deliveries`, fay.read)).status).toBe(400);
  });
});

describe('the other events', () => {
  it('quota.near past 90% of the quota (once a day), upload.deleted, upload.expired and request.received', async () => {
    const ivy = await newUser(ferry, 'ivy-hooks');
    await ferry.services.users.update('local:ivy-hooks', { maxUserSize: 100 });
    const events = ['quota.near', 'upload.deleted', 'upload.expired', 'request.received'];
    await register(ferry, ivy, { url: receiver.url, events });
    const before = receiver.accepted().length;
    const received = async (count: number) => (await receiver.waitForAccepted(before + count)).slice(before).map((c) => JSON.parse(c.body));

    const upload = await createUpload(ferry.url, {}, ivy.write);
    await addFile(ferry.url, upload, 'x'.repeat(80), 'eighty.txt');
    await addFile(ferry.url, upload, 'x'.repeat(10), 'ten.txt');
    const [quota] = await received(1);
    expect(quota).toMatchObject({ type: 'quota.near', data: { userId: 'local:ivy-hooks', usedBytes: 90, quotaBytes: 100 } });

    expect((await send(ferry, 'DELETE', `/upload/${upload.id}`, ivy.write)).status).toBe(200);
    const [, deleted] = await received(2);
    expect(deleted).toMatchObject({ type: 'upload.deleted', data: { uploadId: upload.id, userId: 'local:ivy-hooks' } });

    const expiring = await createUpload(ferry.url, { ttl: 60 }, ivy.write);
    await ferry.cleanup.run(Date.now() + 3600_000);
    const [, , expired] = await received(3);
    expect(expired).toEqual({
      id: `evt_expired_${expiring.id}`,
      type: 'upload.expired',
      createdAt: expect.any(String),
      data: { uploadId: expiring.id, userId: 'local:ivy-hooks' },
    });

    // As the file requests will say it: the upload it landed in, the file, who sent it (not in the webhook: their email is theirs).
    const request = {
      requestId: 'req1',
      title: 'Scans',
      uploadId: 'up1',
      fileId: 'f1',
      fileName: 'scan.pdf',
      size: 5,
      from: 'joe@example.org',
    };
    await ferry.services.notifications.requestReceived('local:ivy-hooks', request, `${ferry.url}/d?id=up1`);
    const [, , , arrived] = await received(4);
    expect(arrived).toMatchObject({
      type: 'request.received',
      data: { requestId: 'req1', uploadId: 'up1', fileId: 'f1', fileName: 'scan.pdf', size: 5, userId: 'local:ivy-hooks' },
    });
    expect(JSON.stringify(arrived)).not.toContain('joe@example.org');
    // The second file past 90% the same day added no second quota.near.
    expect((await received(4)).filter((b) => b.type === 'quota.near')).toHaveLength(1);
  });
});

describe('a call at send time', () => {
  it('is refused when the endpoint resolves to a private address by then (DNS rebinding), and logged', async () => {
    const gus = await newUser(strict, 'gus-hooks');
    // Registered while public, then pointed at a name that resolves to this host: the call's own lookup refuses it.
    const { webhook } = await register(strict, gus, { url: 'https://93.184.215.14/hook', events: ['upload.created'] });
    const row = (await strict.metadata.findWebhook(webhook.id))!;
    await strict.metadata.deleteWebhook(webhook.id, row.userId);
    await strict.metadata.insertWebhook({ ...row, url: receiver.url.replace('http://127.0.0.1', 'https://localhost') });
    const before = receiver.calls.length;
    await createUpload(strict.url, {}, gus.write);
    const deadline = Date.now() + 10_000;
    let last: { lastError: string; attempts: number } | undefined;
    while (Date.now() < deadline && !last?.lastError) {
      last = (await strict.metadata.listDeliveries(webhook.id, 1))[0];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(last?.lastError).toMatch(/private address/);
    expect(receiver.calls.length).toBe(before);
  });
});
