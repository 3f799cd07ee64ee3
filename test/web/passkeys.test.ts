// Passkeys in Chromium, with the DevTools protocol's virtual authenticator (CTAP2, resident keys, user verified):
// a passkey added on /account, used to sign in after signing out, deleted, and then refused. The page is opened on
// localhost, not 127.0.0.1: WebAuthn takes no IP address for a relying party.
import { describe, expect, it } from 'vitest';
import { ferryInChromium, screenshot } from '../helpers/chromium.js';

const web = ferryInChromium({ FeatureAuthentication: 'enabled' });

describe('passkeys in the browser', () => {
  it('registers a passkey on /account, signs in with it, and once deleted it signs in no more', { timeout: 120_000 }, async () => {
    const { ferry, visitors } = web;
    await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice' });
    const home = ferry.url.replace('127.0.0.1', 'localhost');
    const { page, errors } = await visitors.visitor();
    page.on('dialog', (dialog) => void dialog.accept());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await page.goto(`${home}/login`);
    await page.getByLabel('Login').fill('alice');
    await page.getByLabel('Password').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${home}/account`);
    await page.getByText('No passkeys yet.').waitFor();
    await page.getByLabel('Passkey name').fill('laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('listitem').filter({ hasText: 'laptop' }).getByText('never used').waitFor();
    await screenshot(page, 'account-passkeys');
    // The browser keeps it as a discoverable credential for localhost: what a usernameless sign-in needs.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${home}/`);
    await page.goto(`${home}/login`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${home}/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'laptop' })
      .getByText(/last used/)
      .waitFor();
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Delete laptop' }).click();
    await page.getByText('No passkeys yet.').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${home}/`);
    await page.goto(`${home}/login`);
    // The authenticator still offers it; Ferry no longer knows it.
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page
      .getByRole('alert')
      .getByText(/unknown passkey/)
      .waitFor();
    expect(page.url()).toBe(`${home}/login`);
    expect(errors).toEqual([]);
  });
});
