import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureStream: 'disabled', MaxFileSize: '1GB', Path: '/share', AbuseContact: 'abuse@example.com' });
});
afterAll(() => ferry.close());

describe('server information', () => {
  it('serves everything under the configured Path', async () => {
    expect(ferry.url).toMatch(/\/share$/);
    expect((await fetch(`${ferry.url.replace(/\/share$/, '')}/version`)).status).toBe(404);
  });

  it('GET /version: the version and clients to anyone, as Plik 1.4', async () => {
    const version = await (await fetch(`${ferry.url}/version`)).json();
    expect(version).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), clients: null, releases: null });
  });

  it("GET /version: the build details to a server admin's session, not to a user, a token or a stale cookie", async () => {
    const accounts = await startTestFerry({ FeatureAuthentication: 'enabled' });
    try {
      const { users, tokens } = accounts.services;
      const admin = await users.create({ provider: 'local', login: 'admin', password: 'admin-password', isAdmin: true });
      await users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
      const versionAs = async (headers: Record<string, string>) => {
        const response = await fetch(`${accounts.url}/version`, { headers });
        expect(response.status).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      };
      expect(await versionAs((await signIn(accounts.url, 'admin', 'admin-password')).read)).toMatchObject({
        isRelease: true,
        nodeVersion: process.version,
        host: expect.any(String),
      });
      for (const headers of [
        (await signIn(accounts.url, 'alice', 'alice-password')).read,
        { 'X-PlikToken': (await tokens.create(admin, 'script')).value },
        { Cookie: 'plik-session=stale; plik-xsrf=stale' },
      ]) {
        expect(Object.keys(await versionAs(headers)).sort()).toEqual(['clients', 'releases', 'version']);
      }
    } finally {
      await accounts.close();
    }
  });

  it('serves no web app with NoWebInterface, as Plik: the API and the pages the server draws stay', async () => {
    const apiOnly = await startTestFerry({ NoWebInterface: true });
    try {
      for (const page of ['/', '/login', '/account', '/admin'])
        expect([page, (await fetch(`${apiOnly.url}${page}`)).status]).toEqual([page, 404]);
      expect((await fetch(`${apiOnly.url}/config`)).status).toBe(200);
      const upload = await createUpload(apiOnly.url);
      await addFile(apiOnly.url, upload, 'still here', 'kept.txt');
      // The /d page is then the server's own, listing the file, not the app's.
      const page = await fetch(`${apiOnly.url}/d?id=${upload.id}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('kept.txt');
      expect(html).not.toContain('<script');
    } finally {
      await apiOnly.close();
    }
  });

  it('GET /config reports limits and feature flags as Plik does', async () => {
    const config = await (await fetch(`${ferry.url}/config`)).json();
    expect(config).toMatchObject({
      abuseContact: 'abuse@example.com',
      maxFileSize: 1_000_000_000,
      maxFilePerUpload: 1000,
      defaultTTL: 2592000,
      maxTTL: 2592000,
      feature_stream: 'disabled',
      feature_one_shot: 'enabled',
      stream: false,
      oneShot: true,
      authentication: false,
      maxUserSize: -1,
      feature_download_limit: 'enabled',
      feature_encryption: 'enabled',
      encryption: 'none',
      encryptionModes: ['link'],
    });
  });

  it('GET /health', async () => {
    const response = await fetch(`${ferry.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('GET /qrcode draws a PNG of the requested size', async () => {
    const response = await fetch(`${ferry.url}/qrcode?url=${encodeURIComponent('https://example.com/x')}&size=300`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(300);
    const fallback = Buffer.from(await (await fetch(`${ferry.url}/qrcode?url=x&size=abc`)).arrayBuffer());
    expect(fallback.readUInt32BE(16)).toBe(250);
  });

  it.each([
    ['size=0&url=x', 'QRCode size must be positive'],
    ['size=1001&url=x', 'QRCode size must be lower than 1000'],
    ['size=100', 'missing url'],
  ])('GET /qrcode?%s answers 400', async (query, message) => {
    const response = await fetch(`${ferry.url}/qrcode?${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(`${message}\n`);
  });

  it('answers unknown routes and wrong methods with 404 and security headers', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['PUT', '/upload'],
      ['PATCH', '/file/x/y/z'],
    ] as const) {
      const response = await fetch(`${ferry.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('refuses a stream upload when stream mode is disabled', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{"stream":true}' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('streaming uploads are disabled\n');
  });
});
