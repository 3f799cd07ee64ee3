// Password guessing in parallel: the throttle counts an attempt before it is evaluated, so guesses sent at once are
// held to the same limit as guesses sent one after another (ten a minute per client and login, or upload).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { basicAuth, createUpload, rawMultipart, statusesOf, type UploadJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

const LIMIT = 10;
const GUESSES = 40;

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', CleanupInterval: 3600 });
  await ferry.services.users.create({ provider: 'local', login: 'victim', password: 'victim-password' });
  await ferry.services.users.create({ provider: 'local', login: 'other1', password: 'other1-password' });
});
afterAll(() => ferry.close());

const signIn = (login: string, password: string) =>
  fetch(`${ferry.url}/auth/local/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
const openUpload = (upload: UploadJson, password: string) =>
  fetch(`${ferry.url}/upload/${upload.id}`, { headers: { Authorization: basicAuth('plik', password) } });
const postPage = (fileId: string, password: string) =>
  fetch(`${ferry.url}/d?id=${fileId}`, { method: 'POST', body: new URLSearchParams({ password }) });

/** A password-protected upload holding one file; returns it and the file's id. */
async function protectedUpload(password: string): Promise<{ upload: UploadJson; fileId: string }> {
  const upload = await createUpload(ferry.url, { login: 'plik', password });
  const { body, headers } = rawMultipart('a.txt', 'secret');
  const response = await fetch(`${ferry.url}/file/${upload.id}`, {
    method: 'POST',
    body,
    headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return { upload, fileId: ((await response.json()) as { id: string }).id };
}

/** Sends GUESSES wrong guesses at once; expects at most LIMIT evaluated (refused as wrong), every other one 429. */
async function expectHeldToLimit(guess: (i: number) => Promise<Response>, wrongStatus: number): Promise<void> {
  const responses = await Promise.all(Array.from({ length: GUESSES }, (_, i) => guess(i)));
  const statuses = await statusesOf(responses);
  const evaluated = statuses.filter((s) => s === wrongStatus).length;
  expect(
    statuses.every((s) => s === wrongStatus || s === 429),
    statuses.join(' '),
  ).toBe(true);
  expect(evaluated, statuses.join(' ')).toBeLessThanOrEqual(LIMIT);
  expect(evaluated).toBeGreaterThan(0);
  const refused = responses.find((r) => r.status === 429)!;
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('parallel password guesses are held to the throttle', () => {
  it('sign-in: 40 wrong guesses at once for one login, at most 10 evaluated', async (context) => {
    await expectHeldToLimit((i) => signIn('victim', `guess-${i}`), 403);
    // That login is blocked now, even with the right password; another login is not.
    expect((await signIn('victim', 'victim-password')).status).toBe(429);
    finding(context, 'throttle-checks-then-counts');
  });

  it("an upload's Basic auth: 40 wrong guesses at once, at most 10 evaluated", async (context) => {
    const { upload } = await protectedUpload('right-password');
    await expectHeldToLimit((i) => openUpload(upload, `guess-${i}`), 401);
    expect((await openUpload(upload, 'right-password')).status).toBe(429);
    finding(context, 'throttle-checks-then-counts');
  });

  it("the /d page's password form: 40 wrong guesses at once, at most 10 evaluated", async (context) => {
    const { fileId } = await protectedUpload('right-password');
    await expectHeldToLimit((i) => postPage(fileId, `guess-${i}`), 401);
    expect((await postPage(fileId, 'right-password')).status).toBe(429);
    finding(context, 'throttle-checks-then-counts');
  });

  it('the right password still works under the limit, and a success gives its point back', async () => {
    // Nine wrong guesses, then the right one over and over: successes do not count towards the limit.
    for (let i = 0; i < LIMIT - 1; i++) expect((await signIn('other1', `guess-${i}`)).status).toBe(403);
    for (let i = 0; i < 3; i++) expect((await signIn('other1', 'other1-password')).status).toBe(200);
    const { upload, fileId } = await protectedUpload('right-password');
    for (let i = 0; i < LIMIT - 1; i++) expect((await openUpload(upload, `guess-${i}`)).status).toBe(401);
    expect((await openUpload(upload, 'right-password')).status).toBe(200);
    const page = await postPage(fileId, 'right-password');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('secret');
  });
});
