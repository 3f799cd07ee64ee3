// Two Ferry instances on one PostgreSQL database, both sending from the delivery queue: every event reaches the
// receiver once, whichever instance saw it and whichever claimed its delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backends.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const options = { FeatureAuthentication: 'enabled', EncryptionKey: Buffer.alloc(32, 9).toString('base64'), WebhookAllowPrivate: true };

describe.runIf(BACKEND === 'postgres')('webhooks on two instances of one database', () => {
  let first: TestFerry;
  let second: TestFerry;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    first = await startTestFerry(options);
    second = await startTestFerry(options, { alongside: first });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await receiver?.close();
  });

  it('deliver each event once', async () => {
    await first.services.users.create({ provider: 'local', login: 'hal-hooks', password: 'hal-password', name: 'Hal' });
    const sessions = [await signIn(first.url, 'hal-hooks', 'hal-password'), await signIn(second.url, 'hal-hooks', 'hal-password')];
    const response = await fetch(`${first.url}/me/webhooks`, {
      method: 'POST',
      headers: sessions[0]!.write,
      body: JSON.stringify({ url: receiver.url, events: ['upload.created', 'file.uploaded'] }),
    });
    expect(response.status).toBe(200);
    const instances = [first, second];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const server = instances[i % 2]!;
        const upload = await createUpload(server.url, {}, sessions[i % 2]!.write);
        await addFile(server.url, upload, `file ${i}`, `file-${i}.txt`);
      }),
    );
    await receiver.waitForAccepted(40);
    // Time for a second send of any of them, had one been claimed twice.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const ids = receiver.calls.map((c) => String(c.headers['ferry-delivery']));
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const types = receiver.calls.map((c) => JSON.parse(c.body).type as string);
    expect(types.filter((t) => t === 'upload.created')).toHaveLength(20);
  });
});
