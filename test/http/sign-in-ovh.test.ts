import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../helpers/browser.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

const APPLICATION_KEY = 'ovh-app-key';
const APPLICATION_SECRET = 'ovh-app-secret';

/**
 * A stand-in for OVH's API on loopback: issues consumer keys, lets the "user" validate one, and answers /me only to
 * requests signed as OVH signs them ("$1$" + SHA-1 of secret+consumerKey+method+url+body+timestamp).
 */
async function startOvhStandIn() {
  const credentials = new Map<string, { redirection: string; validated: boolean }>();
  const server = http.createServer(async (request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(request.url!, base);
    if (request.headers['x-ovh-application'] !== APPLICATION_KEY && url.pathname !== '/validate') {
      return json(403, { message: 'Invalid application key' });
    }
    if (request.method === 'POST' && url.pathname === '/1.0/auth/credential') {
      let text = '';
      for await (const chunk of request) text += chunk;
      const body = JSON.parse(text) as { accessRules: unknown; redirection: string };
      if (JSON.stringify(body.accessRules) !== '[{"method":"GET","path":"/me"}]')
        return json(400, { message: 'Ferry asks only to read /me' });
      const consumerKey = randomBytes(16).toString('hex');
      credentials.set(consumerKey, { redirection: body.redirection, validated: false });
      return json(200, { validationUrl: `${base}/validate?ck=${consumerKey}`, consumerKey, state: 'pendingValidation' });
    }
    if (request.method === 'GET' && url.pathname === '/validate') {
      const credential = credentials.get(url.searchParams.get('ck') ?? '');
      if (!credential) return json(404, { message: 'unknown credential' });
      credential.validated = true;
      return response.writeHead(302, { Location: credential.redirection }).end();
    }
    if (request.method === 'GET' && url.pathname === '/1.0/me') {
      const consumerKey = String(request.headers['x-ovh-consumer']);
      const timestamp = String(request.headers['x-ovh-timestamp']);
      const expected = `$1$${createHash('sha1').update(`${APPLICATION_SECRET}+${consumerKey}+GET+${base}/1.0/me++${timestamp}`).digest('hex')}`;
      if (request.headers['x-ovh-signature'] !== expected) return json(400, { message: 'Invalid signature' });
      if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return json(400, { message: 'Query out of time' });
      if (!credentials.get(consumerKey)?.validated) return json(403, { message: 'This credential is not valid' });
      return json(200, { nichandle: 'ab12345-ovh', email: 'ada@example.fr', firstname: 'Ada', name: 'Byron' });
    }
    return json(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint: `${base}/1.0`, credentials, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let ovh: Awaited<ReturnType<typeof startOvhStandIn>>;
let ferry: TestFerry;
const others: TestFerry[] = [];

const startFerryWith = (options: Record<string, unknown> = {}) =>
  startTestFerry({
    FeatureAuthentication: 'enabled',
    OvhApiKey: APPLICATION_KEY,
    OvhApiSecret: APPLICATION_SECRET,
    OvhApiEndpoint: ovh.endpoint,
    ...options,
  });

beforeAll(async () => {
  ovh = await startOvhStandIn();
  ferry = await startFerryWith();
});
afterAll(async () => {
  await Promise.all([ferry, ...others].map((f) => f.close()));
  await ovh.close();
});

const isCallback = (url: string) => url.includes('/auth/ovh/callback');
const me = (browser: Browser, on: TestFerry) => fetch(`${on.url}/me`, { headers: { Cookie: browser.cookieHeader(on.url) } });

describe('OVH sign-in', () => {
  it('/config says it is on, with the API endpoint', async () => {
    const config = await (await fetch(`${ferry.url}/config`)).json();
    expect(config).toMatchObject({ ovhAuthentication: true, ovhApiEndpoint: ovh.endpoint });
  });

  it('answers the validation URL, and after validation opens a session for the OVH account', async () => {
    const browser = new Browser();
    const start = await browser.request(`${ferry.url}/auth/ovh/login`);
    expect(start.status, await start.clone().text()).toBe(200);
    const validationUrl = await start.text();
    expect(validationUrl).toMatch(/\/validate\?ck=/);
    // OVH is told to send the user back to Ferry's callback.
    const consumerKey = new URL(validationUrl).searchParams.get('ck')!;
    expect(ovh.credentials.get(consumerKey)?.redirection).toBe(`${ferry.url}/auth/ovh/callback`);
    expect(start.headers.getSetCookie().find((c) => c.startsWith('ferry-ovh-sign-in='))).not.toContain(consumerKey);

    const back = await browser.request(await browser.walkTo(validationUrl, isCallback));
    expect(back.status, await back.clone().text()).toBe(302);
    expect(back.headers.get('location')).toBe('/#/login');
    expect(await (await me(browser, ferry)).json()).toMatchObject({
      id: 'ovh:ab12345-ovh',
      provider: 'ovh',
      login: 'ab12345-ovh',
      name: 'Ada Byron',
      email: 'ada@example.fr',
    });
  });

  it('refuses a consumer key the user did not validate', async () => {
    const browser = new Browser();
    await browser.request(`${ferry.url}/auth/ovh/login`);
    const response = await browser.request(`${ferry.url}/auth/ovh/callback`);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('sign-in refused by OVH : This credential is not valid\n');
    expect((await me(browser, ferry)).status).toBe(401);
  });

  it('needs the sign-in cookie at the callback', async () => {
    const response = await fetch(`${ferry.url}/auth/ovh/callback`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('missing sign-in state cookie, start again from the login page\n');
  });

  it('fails without a session when its signature is wrong (OVH checks it)', async () => {
    const wrongSecret = await startFerryWith({ OvhApiSecret: 'not-the-secret' });
    others.push(wrongSecret);
    const browser = new Browser();
    const start = await browser.request(`${wrongSecret.url}/auth/ovh/login`);
    const back = await browser.request(await browser.walkTo(await start.text(), isCallback));
    expect(back.status).toBe(503);
    expect(await back.text()).toBe('unable to sign in with OVH, try again later\n');
    expect((await me(browser, wrongSecret)).status).toBe(401);
  });

  it('says so when it is off', async () => {
    const off = await startTestFerry({ FeatureAuthentication: 'enabled' });
    others.push(off);
    const response = await fetch(`${off.url}/auth/ovh/login`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('OVH authentication is disabled\n');
    expect(await (await fetch(`${off.url}/config`)).json()).toMatchObject({
      ovhAuthentication: false,
      ovhApiEndpoint: 'https://eu.api.ovh.com/1.0',
    });
  });
});
