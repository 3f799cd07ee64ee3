// Invitations in Chromium on a FeatureAuthentication = forced server: an admin makes one on the admin page and sees
// its link once; a visitor without a session opens it, finds the address prefilled, makes the account and is
// signed in with it; the used link then says so.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();

beforeAll(async () => {
  await visitors.launch();
  ferry = await startTestFerry({ FeatureAuthentication: 'forced' });
  await ferry.services.users.create({ provider: 'local', login: 'web-admin', password: 'web-admin-password', isAdmin: true });
}, 120_000);
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

describe('an invitation', { timeout: 120_000 }, () => {
  it('made on the admin page opens without a session, makes the account and signs it in, once', async () => {
    const { page: admin } = await visitors.visitor();
    await admin.goto(`${ferry.url}/login`);
    await admin.getByLabel('Login').fill('web-admin');
    await admin.getByLabel('Password').fill('web-admin-password');
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.getByRole('heading', { name: 'Your account' }).waitFor();
    await admin.goto(`${ferry.url}/admin?tab=invitations`);
    await admin.getByLabel('Email (optional)').fill('guest@example.org');
    await admin.getByLabel('Note (optional)').fill('for the web test');
    await admin.getByRole('button', { name: 'Invite' }).click();
    const link = (await admin.locator('code.invitation-link').textContent()) ?? '';
    expect(link).toMatch(/\/invite#token=[\w-]{43}$/);
    await admin.getByRole('row').filter({ hasText: 'for the web test' }).getByText('pending').waitFor();

    const { page, errors } = await visitors.visitor();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Make your account' }).waitFor();
    expect(await page.getByLabel('Email (optional)').inputValue()).toBe('guest@example.org');
    await page.getByLabel('Login').fill('web-guest');
    await page.getByLabel('Password').fill('a-guest-passphrase');
    await page.getByRole('button', { name: 'Make the account' }).click();
    // exact: "Make your account" holds these words too.
    await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    // Signed in (the account page needs a session), as the account the invitation made.
    expect(await ferry.services.users.find('local:web-guest')).toMatchObject({ email: 'guest@example.org' });

    const { page: late } = await visitors.visitor();
    await late.goto(link);
    await late.getByText('this invitation was used: ask for a new one').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
