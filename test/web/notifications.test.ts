// /account's Notifications in Chromium: a webhook added with its events (the secret shown once), a test call
// that a real receiver gets, its delivery in the log, and the webhook deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';
import { signatureValid, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const suite = ferryInChromium({
  FeatureAuthentication: 'enabled',
  EncryptionKey: Buffer.alloc(32, 5).toString('base64'),
  WebhookAllowPrivate: true,
});
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.close());

describe('the Notifications section of /account', () => {
  it('adds a webhook, sends a test call, shows its delivery and deletes it', async () => {
    const { ferry, visitors } = suite;
    await ferry.services.users.create({ provider: 'local', login: 'nora', password: 'nora-password', name: 'Nora' });
    const { page, errors } = await visitors.visitor();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${ferry.url}/login`);
    await page.getByLabel('Login').fill('nora');
    await page.getByLabel('Password').fill('nora-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${ferry.url}/account`);

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description').fill('my receiver');
    await page.getByRole('checkbox', { name: 'file.downloaded' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => page.getByText(receiver.url).count()).toBe(1);

    await page.getByRole('button', { name: 'Send test' }).click();
    const [call] = await receiver.waitForAccepted(1);
    expect(JSON.parse(call!.body).type).toBe('webhook.test');
    expect(signatureValid(call!, secret)).toBe(true);
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'webhook.test' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('No webhooks yet.').count()).toBe(1);
    expect(await ferry.metadata.listWebhooks('local:nora')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
