// Sign-in, the account page (uploads, tokens, usage) and the admin pages in Chromium against a real Ferry
// with authentication on, and sign-in through an OpenID Connect provider on loopback.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';

let ferry: TestFerry;
let idp: TestOidcProvider;
const visitors = new Visitors();

beforeAll(async () => {
  [idp] = await Promise.all([startOidcProvider({ olivia: { email: 'olivia@example.com', email_verified: true, name: 'Olivia' } }), visitors.launch()]);
  ferry = await startTestFerry({
    FeatureAuthentication: 'enabled',
    OIDCProviderURL: idp.issuer,
    OIDCClientID: idp.clientId,
    OIDCClientSecret: idp.clientSecret,
    OIDCProviderName: 'Test IdP',
  });
  idp.allowRedirects([`${ferry.url}/auth/oidc/callback`]);
  const { users } = ferry.services;
  await users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice' });
  await users.create({ provider: 'local', login: 'admin', password: 'admin-password', name: 'Ada Admin', isAdmin: true });
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
  await idp?.close();
});

async function newVisitor() {
  const visitor = await visitors.visitor();
  visitor.page.on('dialog', (dialog) => void dialog.accept());
  return visitor;
}

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${ferry.url}/login`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${ferry.url}/account`);
}

const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

describe('signing in and the account page', () => {
  it('refuses a wrong password, signs in, creates and revokes a token, lists the uploads, signs out', async () => {
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('Login').fill('alice');
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText('invalid credentials').waitFor();
    await page.getByLabel('Password').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${ferry.url}/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // A token, with its comment; it works against the API, then stops working once revoked.
    await page.getByLabel('Comment').fill('backup script on the nas');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!;
    await page.getByRole('listitem').filter({ hasText: 'backup script on the nas' }).waitFor();
    const me = await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': token } });
    expect((await me.json()).login).toBe('alice');

    // An upload made while signed in is hers: listed on the account page and counted.
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose files' }).click()]);
    await chooser.setFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 report') }]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.locator('.status', { hasText: /^ready$/ }).waitFor();
    await page.getByRole('link', { name: 'alice' }).click();
    await rowOf(page, 'report.pdf').waitFor();
    expect(await page.getByTestId('stat-uploads').textContent()).toBe('1');
    expect(await page.evaluate(() => localStorage.getItem('ferry.uploads'))).toMatch(/uploadToken/);
    await screenshot(page, 'account');

    await page.getByRole('button', { name: 'Revoke token backup script on the nas' }).click();
    await page.getByText('No tokens yet.').waitFor();
    expect((await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': token } })).status).not.toBe(200);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect((await page.context().cookies()).some((cookie) => cookie.name === 'plik-session')).toBe(false);
    // The next person at this computer cannot manage or share the uploads made here.
    expect(await page.evaluate(() => localStorage.getItem('ferry.uploads'))).toBeNull();
    expect(errors).toEqual([]);
  });

  it('signs out everywhere: another browser\'s session ends, and it forgets the uploads made there', async () => {
    const [here, there] = [await newVisitor(), await newVisitor()];
    await signIn(here.page, 'alice', 'alice-password');
    await signIn(there.page, 'alice', 'alice-password');
    await there.page.evaluate(() => localStorage.setItem('ferry.uploads', JSON.stringify({ u: { uploadToken: 't', expireAt: null } })));
    await here.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.page.getByRole('link', { name: 'Sign in' }).waitFor();
    // Its account page finds the session gone and sends it to sign in.
    await there.page.reload();
    await there.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await there.page.evaluate(() => localStorage.getItem('ferry.uploads'))).toBeNull();
    expect((await there.page.context().cookies()).some((cookie) => cookie.name === 'plik-session')).toBe(false);
    expect([...here.errors, ...there.errors]).toEqual([]);
  });

  it('signs in through the OpenID Connect provider the server has configured', async () => {
    const { page, errors } = await newVisitor();
    await page.goto(`${ferry.url}/login`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    // The provider's own development login and consent pages.
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('olivia');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${ferry.url}/account`);
    await page.getByRole('link', { name: 'olivia' }).waitFor();
    expect(await page.getByText('oidc', { exact: true }).count()).toBe(1);
    // The provider's development pages ask the internet for web fonts, which this network does not reach.
    expect(errors.filter((error) => !error.includes('net::ERR_NAME_NOT_RESOLVED'))).toEqual([]);
  });

  it('sends a visitor to the sign-in page and back, and keeps the admin pages from a non-admin', async () => {
    const { page } = await newVisitor();
    await page.goto(`${ferry.url}/account`);
    await page.waitForURL(`${ferry.url}/login?next=${encodeURIComponent('/account')}`);
    await signIn(page, 'alice', 'alice-password');
    await page.goto(`${ferry.url}/admin`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
  });
});

describe('admin pages', () => {
  it('creates, edits and deletes a user, lists every upload, and shows the server numbers', async () => {
    const aliceUpload = await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}', headers: { 'X-PlikToken': await aliceToken() } })).json();
    const { page, errors } = await newVisitor();
    await signIn(page, 'admin', 'admin-password');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await rowOf(page, 'Ada Admin').waitFor();

    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Login').fill('carol');
    await form.getByLabel('Password').fill('carol-password');
    await form.getByLabel('Name').fill('Carol');
    await form.getByLabel('Largest file').fill('2GB');
    await form.getByRole('button', { name: 'Create user' }).click();
    await rowOf(page, 'carol').waitFor();
    expect((await ferry.services.users.get('local:carol')).maxFileSize).toBe(2e9);
    await screenshot(page, 'admin-users');

    await page.getByRole('button', { name: 'Edit carol' }).click();
    const edit = page.getByRole('form', { name: 'Edit carol' });
    await edit.getByLabel('Name').fill('Carol Chef');
    await edit.getByLabel('Administrator').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await rowOf(page, 'Carol Chef').filter({ hasText: 'admin' }).waitFor();
    expect((await ferry.services.users.get('local:carol')).isAdmin).toBe(true);

    await page.getByRole('button', { name: 'Delete carol' }).click();
    await rowOf(page, 'carol').waitFor({ state: 'detached' });
    await expect(ferry.services.users.get('local:carol')).rejects.toThrow();

    await page.getByRole('link', { name: 'Uploads', exact: true }).click();
    await rowOf(page, 'local:alice').filter({ hasText: aliceUpload.id }).waitFor();
    await screenshot(page, 'admin-uploads');

    await page.getByRole('link', { name: 'Server', exact: true }).click();
    await page.getByTestId('stat-users').waitFor();
    expect(await page.getByTestId('stat-users').textContent()).toBe(String(await ferry.services.users.count()));
    await screenshot(page, 'admin-stats');
    expect(errors).toEqual([]);
  });
});

async function aliceToken(): Promise<string> {
  const alice = await ferry.services.users.get('local:alice');
  return (await ferry.services.tokens.create(alice, 'seed')).value;
}
