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
  [idp] = await Promise.all([
    startOidcProvider({ olivia: { email: 'olivia@example.com', email_verified: true, name: 'Olivia' } }),
    visitors.launch(),
  ]);
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

async function newVisitor(options: Parameters<Visitors['visitor']>[0] = {}) {
  const visitor = await visitors.visitor(options);
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

  it('pages through the uploads ten at a time, newest first, with Previous and Next', async () => {
    const bob = await ferry.services.users.create({ provider: 'local', login: 'bobby', password: 'bobby-password' });
    const token = (await ferry.services.tokens.create(bob, 'seed')).value;
    const created: string[] = [];
    for (let n = 0; n < 11; n++) {
      const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}', headers: { 'X-PlikToken': token } });
      created.push(((await response.json()) as { id: string }).id);
    }
    const { page, errors } = await newVisitor();
    await signIn(page, 'bobby', 'bobby-password');
    const pager = page.getByRole('navigation', { name: 'Pages of your uploads' });
    await pager.getByText('Page 1').waitFor();
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2').waitFor();
    // The eleventh from the newest is the first one made, alone on page 2.
    await rowOf(page, created[0]!).waitFor();
    expect(await page.getByRole('table', { name: 'Your uploads' }).locator('tbody tr').count()).toBe(1);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('Page 1').waitFor();
    await rowOf(page, created[10]!).waitFor();
    expect(errors).toEqual([]);
  });

  it("signs out everywhere: another browser's session ends, and it forgets the uploads made there", async () => {
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

  it('saves the profile and changes the password, saying so; the other session ends; the activity is charted', async () => {
    await ferry.services.users.create({ provider: 'local', login: 'dora', password: 'dora-password', name: 'Dora' });
    const [here, there] = [await newVisitor(), await newVisitor()];
    await signIn(here.page, 'dora', 'dora-password');
    await signIn(there.page, 'dora', 'dora-password');
    const { page } = here;

    const profile = page.getByRole('form', { name: 'Edit profile' });
    await profile.getByLabel('Name').fill('Dora D.');
    await profile.getByLabel('Email').fill('dora@example.com');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByRole('status').getByText('Profile saved.').waitFor();
    expect(await ferry.services.users.get('local:dora')).toMatchObject({ name: 'Dora D.', email: 'dora@example.com' });

    const password = page.getByRole('form', { name: 'Change password' });
    await password.getByLabel('Current password').fill('not-her-password');
    await password.getByLabel('New password', { exact: true }).fill('new-dora-password');
    await password.getByLabel('New password again').fill('new-dora-password');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByRole('alert').getByText('wrong current password').waitFor();
    await password.getByLabel('Current password').fill('dora-password');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByRole('status').getByText('Password changed. 1 other session was signed out.').waitFor();
    await there.page.reload();
    await there.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // Her activity as the server counts it: an upload and a download of it today.
    const token = (await ferry.services.tokens.create(await ferry.services.users.get('local:dora'), 'seed')).value;
    const upload = await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}', headers: { 'X-PlikToken': token } })).json();
    const form = new FormData();
    form.append('file', new Blob(['dora']), 'dora.txt');
    const file = await (
      await fetch(`${ferry.url}/file/${upload.id}`, { method: 'POST', body: form, headers: { 'X-UploadToken': upload.uploadToken } })
    ).json();
    expect(await (await fetch(`${ferry.url}/file/${upload.id}/${file.id}/dora.txt`)).text()).toBe('dora');
    await expect.poll(async () => (await ferry.services.activity.daily('local:dora', 1))[0]!.downloads).toBe(1);
    await page.reload();
    await page
      .getByTestId('activity-summary')
      .getByText('Your uploads in the last 30 days (UTC): 1 upload, 1 download, 4 B uploaded, 4 B downloaded.')
      .waitFor();
    const chart = page.getByRole('img', { name: /^Bytes per day/ });
    expect(await chart.locator('rect').count()).toBe(2);
    await page.getByText('The numbers, day by day').click();
    await page.getByRole('row', { name: new RegExp(`^${new Date().toISOString().slice(0, 10)} 1 1 4 B 1 4 B$`) }).waitFor();
    await page.getByLabel('Period').selectOption({ label: 'Last 7 days' });
    await page
      .getByTestId('activity-summary')
      .getByText(/^Your uploads in the last 7 days/)
      .waitFor();
    await screenshot(page, 'account-activity');

    // A oneShot once downloaded holds nothing: listed, but counted in no usage number.
    const oneShot = await (
      await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{"oneShot":true}', headers: { 'X-PlikToken': token } })
    ).json();
    const once = new FormData();
    once.append('file', new Blob(['once']), 'once.txt');
    const onceFile = await (
      await fetch(`${ferry.url}/file/${oneShot.id}`, { method: 'POST', body: once, headers: { 'X-UploadToken': oneShot.uploadToken } })
    ).json();
    expect(await (await fetch(`${ferry.url}/file/${oneShot.id}/${onceFile.id}/once.txt`)).text()).toBe('once');
    await expect.poll(async () => (await ferry.services.uploads.stats({ userId: 'local:dora' })).uploads).toBe(1);
    await page.reload();
    await rowOf(page, 'once.txt').filter({ hasText: '(1 downloaded or removed)' }).waitFor();
    expect(await page.getByTestId('stat-uploads').textContent()).toBe('1');
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

describe("Plik 1.4's switches", () => {
  it('shows no login form without FeatureLocalLogin, only the providers; no tokens section without FeatureApiTokens', async () => {
    const switched = await startTestFerry(
      {
        FeatureAuthentication: 'enabled',
        FeatureLocalLogin: 'disabled',
        FeatureApiTokens: 'disabled',
        OIDCProviderURL: idp.issuer,
        OIDCClientID: idp.clientId,
        OIDCClientSecret: idp.clientSecret,
        OIDCProviderName: 'Test IdP',
      },
      { alongside: ferry },
    );
    try {
      const { page } = await newVisitor();
      await page.goto(`${switched.url}/login`);
      await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
      expect(await page.getByLabel('Password').count()).toBe(0);
      expect(await page.getByText('or', { exact: true }).count()).toBe(0);
      // Signed in on the other instance (same store, local login on there), the session holds here too.
      await signIn(page, 'alice', 'alice-password');
      await page.goto(`${switched.url}/account`);
      await page.getByRole('heading', { name: 'Your uploads' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Upload tokens' }).count()).toBe(0);
    } finally {
      await switched.close();
    }
  });
});

describe('admin pages', () => {
  it('creates, edits and deletes a user, lists every upload, and shows the server numbers', async () => {
    const aliceUpload = await (
      await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}', headers: { 'X-PlikToken': await aliceToken() } })
    ).json();
    const { page, errors } = await newVisitor();
    await signIn(page, 'admin', 'admin-password');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await rowOf(page, 'Ada Admin').waitFor();

    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Login').fill('carol');
    await form.getByLabel('Password').fill('carol-password');
    await form.getByLabel('Name').fill('Carol');
    // Limits as three plain choices; the wire keeps Plik's 0 (server default) and -1 (none).
    await form.getByLabel('Largest file', { exact: true }).selectOption({ label: 'A limit of…' });
    await form.getByLabel('Largest file: limit').fill('2GB');
    await form.getByLabel('Quota', { exact: true }).selectOption({ label: 'Unlimited' });
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').getByText('User carol created.').waitFor();
    await rowOf(page, 'carol').waitFor();
    expect(await ferry.services.users.get('local:carol')).toMatchObject({ maxFileSize: 2e9, maxUserSize: -1, maxTtl: 0 });
    await screenshot(page, 'admin-users');

    await page.getByRole('button', { name: 'Edit carol' }).click();
    const edit = page.getByRole('form', { name: 'Edit carol' });
    // What was saved comes back as it was chosen.
    expect(await edit.getByLabel('Largest file', { exact: true }).inputValue()).toBe('value');
    expect(await edit.getByLabel('Largest file: limit').inputValue()).toBe('2GB');
    expect(await edit.getByLabel('Quota', { exact: true }).inputValue()).toBe('unlimited');
    expect(await edit.getByLabel('Longest lifetime', { exact: true }).inputValue()).toBe('default');
    await edit.getByLabel('Name').fill('Carol Chef');
    await edit.getByLabel('Administrator').check();
    await edit.getByLabel('Quota', { exact: true }).selectOption({ label: 'Server default (no limit)' });
    await edit.getByLabel('Longest lifetime', { exact: true }).selectOption({ label: 'A limit of…' });
    await edit.getByLabel('Longest lifetime: limit').fill('0');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('alert').getByText('A lifetime limit is a number of seconds, or like 7d, 12h.').waitFor();
    await edit.getByLabel('Longest lifetime: limit').fill('30d');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Changes to carol saved.').waitFor();
    await rowOf(page, 'Carol Chef').filter({ hasText: 'admin' }).waitFor();
    expect(await ferry.services.users.get('local:carol')).toMatchObject({
      isAdmin: true,
      maxFileSize: 2e9,
      maxUserSize: 0,
      maxTtl: 30 * 86_400,
    });

    await page.getByRole('button', { name: 'Delete carol' }).click();
    await page.getByRole('status').getByText('User carol deleted.').waitFor();
    await rowOf(page, 'carol').waitFor({ state: 'detached' });
    await expect(ferry.services.users.get('local:carol')).rejects.toThrow();

    await page.getByRole('link', { name: 'Uploads', exact: true }).click();
    await rowOf(page, 'local:alice').filter({ hasText: aliceUpload.id }).waitFor();
    await screenshot(page, 'admin-uploads');

    await page.getByRole('link', { name: 'Server', exact: true }).click();
    await page.getByTestId('stat-users').waitFor();
    expect(await page.getByTestId('stat-users').textContent()).toBe(String(await ferry.services.users.count()));
    // The whole server's activity, as the server counted it, in bars and in words.
    const server = (await ferry.services.activity.daily(null, 30)).reduce((sum, day) => sum + day.uploads, 0);
    expect(server).toBeGreaterThan(0);
    await page
      .getByTestId('activity-summary')
      .getByText(`The whole server in the last 30 days (UTC): ${server} upload${server === 1 ? '' : 's'},`)
      .waitFor();
    expect(
      await page
        .getByRole('img', { name: /^Uploads and downloads per day/ })
        .locator('rect')
        .count(),
    ).toBeGreaterThan(0);
    await screenshot(page, 'admin-stats');
    expect(errors).toEqual([]);
  });
});

describe('on a phone (390 px wide)', () => {
  it("keeps every row's Edit and Delete buttons in view on the admin users table, and the charts within the screen", async () => {
    await ferry.services.users.create({
      provider: 'local',
      login: 'someone-with-a-long-login',
      password: 'long-password',
      name: 'Someone With A Long Name',
      email: 'someone.with.a.long.address@example.com',
    });
    const { page, errors } = await newVisitor({ viewport: { width: 390, height: 800 } });
    await signIn(page, 'admin', 'admin-password');
    await page.goto(`${ferry.url}/admin`);
    const remove = page.getByRole('button', { name: 'Delete someone-with-a-long-login' });
    await remove.waitFor();
    for (const button of [page.getByRole('button', { name: 'Edit someone-with-a-long-login' }), remove]) {
      const box = (await button.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await screenshot(page, 'admin-users-phone');
    await remove.click();
    await page.getByRole('status').getByText('User someone-with-a-long-login deleted.').waitFor();
    // The activity charts fit the screen too.
    await page.getByRole('link', { name: 'Server', exact: true }).click();
    const charts = page.getByTestId('activity-chart');
    await charts.first().waitFor();
    for (const chart of await charts.all()) {
      const box = (await chart.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'admin-stats-phone-dark');
    expect(errors).toEqual([]);
  });
});

async function aliceToken(): Promise<string> {
  const alice = await ferry.services.users.get('local:alice');
  return (await ferry.services.tokens.create(alice, 'seed')).value;
}
