import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, type UploadJson } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

describe('POST /upload', () => {
  it('creates an upload with defaults from an empty body, as `curl -X POST /upload` does', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST' });
    expect(response.status).toBe(200);
    const upload = (await response.json()) as UploadJson;
    expect(upload.id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(upload.uploadToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(upload).toMatchObject({ ttl: 2592000, oneShot: false, stream: false, removable: false, admin: true, files: [] });
    const expireIn = Date.parse(upload.expireAt as string) - Date.parse(upload.createdAt as string);
    expect(expireIn).toBe(2592000 * 1000);
  });

  it('reads JSON sent with a form Content-Type and keys in any case, as `curl -d` sends them', async () => {
    const response = await fetch(`${ferry.url}/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '{ "OneShot" : true, "Removable": true, "comments": "hello", "TTL": 60 }',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ oneShot: true, removable: true, comments: 'hello', ttl: 60 });
  });

  it('declares files beforehand with ids and status missing', async () => {
    const upload = await createUpload(ferry.url, {
      files: [
        { fileName: 'a.txt', fileSize: 3, fileType: 'text/plain', reference: '0' },
        { fileName: 'b.bin', reference: '1' },
      ],
    });
    expect(upload.files).toHaveLength(2);
    expect(upload.files[0]).toMatchObject({ fileName: 'a.txt', fileSize: 3, fileType: 'text/plain', reference: '0', status: 'missing' });
    expect(upload.files[1]).toMatchObject({ fileName: 'b.bin', reference: '1', status: 'missing' });
    expect(upload.files[0]?.id).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('accepts the pre-1.3 files map', async () => {
    const upload = await createUpload(ferry.url, { files: { x: { fileName: 'old.txt' } } });
    expect(upload.files.map((f) => f.fileName)).toEqual(['old.txt']);
  });

  it('sends back Basic credentials for a password-protected upload, never the password itself', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ password: 'secret' }) });
    const upload = (await response.json()) as UploadJson;
    expect(upload.protectedByPassword).toBe(true);
    expect(response.headers.get('authorization')).toBe(`Basic ${Buffer.from('plik:secret').toString('base64')}`);
    expect(JSON.stringify(upload)).not.toContain('secret');
    expect(upload).not.toHaveProperty('login');
    expect(upload).not.toHaveProperty('password');
  });

  it.each([
    ['not JSON', '{oops', /^unable to deserialize request body/],
    ['a wrong type', '{"oneShot":"yes"}', /^unable to deserialize request body/],
    ['a JSON array', '[1,2]', /^unable to deserialize request body/],
    ['a file without a name', '{"files":[{"fileSize":3}]}', /^missing file name/],
    ['a path as file name', '{"files":[{"fileName":"../../etc/passwd"}]}', /invalid file name/],
    ['a newline in a file name', '{"files":[{"fileName":"a\\r\\nX-Evil: 1"}]}', /invalid file name/],
    ['a declared file over the size limit', '{"files":[{"fileName":"a","fileSize":20000000000}]}', /file is too big/],
    ['a TTL over the maximum', '{"ttl":99999999}', /invalid TTL. \(maximum allowed is : 2592000\)/],
    ['an infinite TTL while a maximum is set', '{"ttl":-1}', /cannot set infinite TTL/],
  ])('refuses %s with a clear 400', async (_what, body, message) => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(message);
  });

  it('answers errors in JSON when the client asks for JSON', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{oops', headers: { Accept: 'application/json' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; status: number };
    expect(body.status).toBe(400);
    expect(body.message).toMatch(/^unable to deserialize request body/);
  });

  it('refuses a body over 1 MiB', async () => {
    const response = await fetch(`${ferry.url}/upload`, {
      method: 'POST',
      body: JSON.stringify({ comments: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });
});

describe('GET /upload/:id', () => {
  it('shows the upload without its token to others, with it to the token holder', async () => {
    const created = await createUpload(ferry.url, { comments: 'c' });
    const anonymous = (await (await fetch(`${ferry.url}/upload/${created.id}`)).json()) as UploadJson;
    expect(anonymous).toMatchObject({ id: created.id, comments: 'c', admin: false });
    expect(anonymous).not.toHaveProperty('uploadToken');
    expect(anonymous).not.toHaveProperty('uploadIp');

    const owner = (await (
      await fetch(`${ferry.url}/upload/${created.id}`, { headers: { 'X-UploadToken': created.uploadToken! } })
    ).json()) as UploadJson;
    expect(owner).toMatchObject({ admin: true, uploadToken: created.uploadToken });

    const wrong = (await (await fetch(`${ferry.url}/upload/${created.id}`, { headers: { 'X-UploadToken': 'nope' } })).json()) as UploadJson;
    expect(wrong).not.toHaveProperty('uploadToken');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['AAAAAAAAAAAAAAAA', '..%2F..%2Fetc', "x'; DROP TABLE uploads;--"]) {
      const response = await fetch(`${ferry.url}/upload/${encodeURIComponent(id)}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/^upload .* not found\n$/);
    }
  });
});

describe('DELETE /upload/:id', () => {
  it('needs the upload token unless the upload is removable', async () => {
    const upload = await createUpload(ferry.url);
    expect((await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE' })).status).toBe(403);
    const deleted = await fetch(`${ferry.url}/upload/${upload.id}`, {
      method: 'DELETE',
      headers: { 'X-UploadToken': upload.uploadToken! },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe('ok');
    expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(404);
  });

  it('lets anyone delete a removable upload', async () => {
    const upload = await createUpload(ferry.url, { removable: true });
    expect((await fetch(`${ferry.url}/upload/${upload.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(404);
  });
});

describe('feature flags', () => {
  let strict: TestFerry;
  beforeAll(async () => {
    strict = await startTestFerry({
      FeatureOneShot: 'disabled',
      FeatureRemovable: 'forced',
      FeaturePassword: 'disabled',
      FeatureComments: 'disabled',
    });
  });
  afterAll(() => strict.close());

  it('refuses what is disabled and imposes what is forced', async () => {
    const refused = await fetch(`${strict.url}/upload`, { method: 'POST', body: '{"oneShot":true}' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('one shot uploads are disabled\n');
    const noPassword = await fetch(`${strict.url}/upload`, { method: 'POST', body: '{"password":"x"}' });
    expect(await noPassword.text()).toBe('upload password protection is disabled\n');
    const upload = await createUpload(strict.url, { comments: 'dropped' });
    expect(upload).toMatchObject({ removable: true, comments: '' });
  });
});
