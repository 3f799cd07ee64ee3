// A NUL character anywhere in a request's text is refused with 400 at the edge, on every backend: PostgreSQL cannot
// store one, and it answered 500 (with a stack in the log) wherever a NUL reached the database. File contents are bytes,
// NULs and all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, rawMultipart, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
let upload: UploadJson;
let apiKey: string;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const user = await ferry.services.users.create({ provider: 'local', login: 'nulls', password: 'nulls-password' });
  apiKey = (await ferry.services.tokens.create(user, 'test')).value;
  upload = await createUpload(ferry.url);
});
afterAll(() => ferry.close());

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${ferry.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function expectRefused(response: Promise<Response>, what: string): Promise<void> {
  const answer = await response;
  const text = await answer.text();
  expect(answer.status, `${what}: ${text}`).toBe(400);
  expect(text, what).toMatch(/NUL characters are not allowed/);
}

/** A multipart body with one file part named `fileName` and, optionally, one field before it. */
function multipart(fileName: string, field?: [string, string]): { body: string; headers: Record<string, string> } {
  const { body, headers } = rawMultipart(fileName, 'bytes');
  const before = field ? `--b0undary\r\nContent-Disposition: form-data; name="${field[0]}"\r\n\r\n${field[1]}\r\n` : '';
  return { body: before + body, headers };
}

describe('NUL characters', () => {
  it('are refused in JSON bodies: upload comments, file names, sign-in logins', async () => {
    await expectRefused(json('POST', '/upload', { comments: 'a\u0000b' }), 'comments');
    await expectRefused(json('POST', '/upload', { files: [{ fileName: 'a\u0000b.txt' }] }), 'declared file name');
    await expectRefused(json('POST', '/auth/local/login', { login: 'nul\u0000ls', password: 'nulls-password' }), 'login');
    await expectRefused(json('POST', '/auth/local/login', { login: 'nulls', password: 'x\u0000' }), 'password');
    // Deep and wide bodies are walked whole, without overflowing the stack.
    const deep = `${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`;
    await expectRefused(
      fetch(`${ferry.url}/upload`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deep }),
      'deep JSON',
    );
    await expectRefused(json('POST', '/upload', [...Array<number>(300_000).fill(0), '\u0000']), 'wide JSON');
  });

  it('are refused in the URL (path, query) and in cookies', async () => {
    await expectRefused(fetch(`${ferry.url}/upload/${upload.id}%00`), 'path');
    await expectRefused(fetch(`${ferry.url}/upload/${upload.id}?key=%00`), 'query');
    await expectRefused(fetch(`${ferry.url}/me`, { headers: { Cookie: 'plik-session=%00abc' } }), 'cookie');
    await expectRefused(fetch(`${ferry.url}/d?id=a%00b`), 'page id');
  });

  it('are refused in forms: file names and fields of multipart forms, the /d password form', async () => {
    const named = multipart('a\0b.txt');
    await expectRefused(
      fetch(`${ferry.url}/file/${upload.id}`, {
        method: 'POST',
        body: named.body,
        headers: { ...named.headers, 'X-UploadToken': upload.uploadToken! },
      }),
      'file name',
    );
    await expectRefused(fetch(`${ferry.url}/`, { method: 'POST', body: named.body, headers: named.headers }), 'quick upload file name');
    const field = multipart('ok.txt', ['password', 'pass\0word']);
    await expectRefused(
      fetch(`${ferry.url}/api/files/add`, { method: 'POST', body: field.body, headers: { ...field.headers, apikey: apiKey } }),
      'Gokapi field',
    );
    const protectedUpload = await createUpload(ferry.url, { password: 'secret' });
    await expectRefused(
      fetch(`${ferry.url}/d?id=${protectedUpload.id}`, { method: 'POST', body: new URLSearchParams({ password: 'a\0b' }) }),
      '/d form',
    );
  });

  it('stay allowed in file contents, and "%00" as text stays text', async () => {
    const { body, headers } = rawMultipart('%00.txt', 'before\0after');
    const added = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
    });
    expect(added.status, await added.clone().text()).toBe(200);
    const file = (await added.json()) as { id: string; fileName: string };
    expect(file.fileName).toBe('%00.txt');
    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(await download.text()).toBe('before\0after');
    expect((await json('POST', '/upload', { comments: '\\u0000 is how JSON writes it' })).status).toBe(200);
  });
});
