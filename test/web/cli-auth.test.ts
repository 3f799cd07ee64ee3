// The CLI sign-in's approval page in Chromium against a real Ferry: opened signed out, it leads through the sign-in
// and back with the code filled in; approving it gives the polling CLI its token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

let ferry: TestFerry;
const visitors = new Visitors();

beforeAll(async () => {
  [ferry] = await Promise.all([startTestFerry({ FeatureAuthentication: 'enabled' }), visitors.launch()]);
  await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password', name: 'Alice' });
});
afterEach(() => visitors.closeVisitors());
afterAll(async () => {
  await visitors.close();
  await ferry?.close();
});

const post = async (path: string, body: unknown) =>
  fetch(`${ferry.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the CLI sign-in page', () => {
  it('signs in first, shows the code, and approves it: the CLI then gets its token', async () => {
    const started = (await (await post('/auth/cli/init', { hostname: 'build-box' })).json()) as {
      code: string;
      secret: string;
      verificationURL: string;
    };
    const { page, errors } = await visitors.visitor();
    await page.goto(started.verificationURL);
    await page.getByLabel('Login').fill('alice');
    await page.getByLabel('Password').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.getByRole('heading', { name: 'Approve a command-line sign-in' }).waitFor();
    expect(await page.getByLabel('Code').inputValue()).toBe(started.code);
    await screenshot(page, 'cli-auth');
    expect(await (await post('/auth/cli/poll', started)).json()).toEqual({ status: 'pending' });

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('The client on build-box now has a token of yours').waitFor();
    const answer = (await (await post('/auth/cli/poll', started)).json()) as { status: string; token: string };
    expect(answer.status).toBe('approved');
    const me = await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': answer.token } });
    expect((await me.json()).login).toBe('alice');

    // Approved once: the same page says so when sent again.
    await page.goto(started.verificationURL);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/CLI sign-in not found/).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
