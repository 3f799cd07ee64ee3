// Password hashing that anyone can ask for (sign-ins for logins that do not exist) is bounded: a few hashes at once on
// threads of their own, a short queue, 503 past it; a throttled guess costs no hash; downloads go on meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordHashingGauge as gauge } from '../../src/runtime/password-threads.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, rawMultipart, statusesOf, type FileJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

/** What password-threads.ts allows: hashes at once, and checks waiting. */
const THREADS = 2;
const QUEUE = 16;

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', CleanupInterval: 3600 });
  await ferry.services.users.create({ provider: 'local', login: 'someone', password: 'someone-password' });
});
afterAll(() => ferry.close());

const signIn = (login: string, password: string) =>
  fetch(`${ferry.url}/auth/local/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('password hashing under a flood of sign-ins', () => {
  it('runs at most a few hashes at once, refuses the excess with 503 and Retry-After, and downloads go on', async (context) => {
    const upload = await createUpload(ferry.url);
    const { body, headers } = rawMultipart('small.txt', 'sixby!');
    const added = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    const file = (await added.json()) as FileJson;

    // Logins that do not exist, each its own throttle key: nothing but the hashing bound holds them back.
    const flood = Array.from({ length: 48 }, (_, i) => signIn(`nobody-${i}`, 'guess-guess'));
    await until(() => gauge.waiting > 0);
    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('sixby!');

    const responses = await Promise.all(flood);
    const statuses = await statusesOf(responses);
    expect(
      statuses.every((s) => s === 403 || s === 503),
      statuses.join(' '),
    ).toBe(true);
    const refused = responses.filter((r) => r.status === 503);
    expect(refused.length, statuses.join(' ')).toBeGreaterThanOrEqual(48 - THREADS - QUEUE);
    for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(gauge.peakRunning).toBeLessThanOrEqual(THREADS);
    finding(context, 'unbounded-password-hashing');
  });

  it('hashes nothing for a throttled guess, and as much for a missing login as for an existing one', async () => {
    let before = gauge.started;
    expect((await signIn('someone', 'wrong-password')).status).toBe(403);
    expect(gauge.started - before).toBe(1);
    before = gauge.started;
    expect((await signIn('no-such-login', 'wrong-password')).status).toBe(403);
    // A dummy hash with the same parameters: the answer takes as long, so logins cannot be told apart by timing.
    expect(gauge.started - before).toBe(1);

    for (let i = 0; i < 9; i++) await signIn('someone', `guess-${i}`);
    before = gauge.started;
    const blocked = await Promise.all(Array.from({ length: 10 }, () => signIn('someone', 'someone-password')));
    expect(blocked.map((r) => r.status)).toEqual(Array(10).fill(429));
    expect(gauge.started - before).toBe(0);
  });
});
