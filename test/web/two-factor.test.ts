// Two-factor sign-in in Chromium: a user turns it on in /account by reading the secret the page shows (as one would
// type it into an app; the code is made here with otpauth), keeps the recovery codes, signs out, and signs in again
// with the password, then a code.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();

beforeAll(async () => {
  [ferry] = await Promise.all([
    startTestFerry({ FeatureAuthentication: 'enabled', EncryptionKey: randomBytes(32).toString('base64') }),
    visitors.launch(),
  ]);
  await ferry.services.users.create({ provider: 'local', login: 'tamsin', password: 'tamsin-password' });
});
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

describe('two-factor sign-in in the page', () => {
  it('is turned on in /account with the secret shown, then asked for after the password', { timeout: 180_000 }, async () => {
    const { page, errors } = await visitors.visitor();
    await page.goto(`${ferry.url}/login`);
    await page.getByLabel('Login').fill('tamsin');
    await page.getByLabel('Password').fill('tamsin-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${ferry.url}/account`);

    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await page.getByLabel('Code from your app, or a recovery code').fill(codeOf(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').getByRole('listitem').count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByTestId('two-factor-on').getByText('Recovery codes left: 10').waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.goto(`${ferry.url}/login`);
    await page.getByLabel('Login').fill('tamsin');
    await page.getByLabel('Password').fill('tamsin-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Enter the code your authenticator app shows').waitFor();
    await page.getByLabel('Code from your app, or a recovery code').fill(codeOf(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${ferry.url}/account`);
    await page.getByTestId('two-factor-on').waitFor();
    expect(errors).toEqual([]);
  });
});
