// Issue 12: SslEnabled, SslCert, SslKey and TlsVersion from a plikd.cfg were ignored: Ferry served plain HTTP and
// its cookies went without Secure. Now it serves HTTPS with them, and a certificate or key it cannot use stops it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { SecureVersion } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { finding } from './tally.js';

let dir: string;
let cert: string;
let key: string;
let ca: Buffer;

beforeAll(async () => {
  // Node makes no certificates; openssl does, as an operator would.
  dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-tls-'));
  cert = path.join(dir, 'cert.pem');
  key = path.join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  ca = await readFile(cert);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let ferry: TestFerry | undefined;
afterEach(async () => {
  await ferry?.close();
  ferry = undefined;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  protocol: string | null;
}

/** One request over HTTPS that trusts the test's own certificate (fetch cannot be given one). */
function httpsRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    maxVersion,
  }: { method?: string; headers?: Record<string, string>; body?: string; maxVersion?: SecureVersion } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca, maxVersion, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          protocol: (res.socket as import('node:tls').TLSSocket).getProtocol?.() ?? null,
        }),
      );
    });
    req.once('error', reject);
    req.end(body);
  });
}

describe('SslEnabled', () => {
  it('serves HTTPS with SslCert and SslKey; session cookies are Secure and links are https', async (context) => {
    ferry = await startTestFerry({ SslEnabled: true, SslCert: cert, SslKey: key, FeatureAuthentication: 'enabled' });
    expect(ferry.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await httpsRequest(`${ferry.url}/health`)).status).toBe(200);
    // Plain HTTP on the same port gets no answer from Ferry.
    await expect(fetch(`${ferry.url.replace('https:', 'http:')}/health`)).rejects.toThrow();

    await ferry.services.users.create({ provider: 'local', login: 'tina', password: 'tina-password' });
    const signIn = await httpsRequest(`${ferry.url}/auth/local/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'tina', password: 'tina-password' }),
    });
    expect(signIn.status, signIn.body).toBe(200);
    const cookies = signIn.headers['set-cookie'] as string[];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);

    const boundary = 'b0undary';
    const quick = await httpsRequest(`${ferry.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(quick.status, quick.body).toBe(200);
    expect(quick.body).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/file\//);
    finding(context, 'plikd-tls-ignored');
  });

  it("refuses clients older than TlsVersion (Plik's spelling, any case)", async () => {
    ferry = await startTestFerry({ SslEnabled: true, SslCert: cert, SslKey: key, TlsVersion: 'TLSV13' });
    await expect(httpsRequest(`${ferry.url}/health`, { maxVersion: 'TLSv1.2' })).rejects.toThrow();
    expect((await httpsRequest(`${ferry.url}/health`)).protocol).toBe('TLSv1.3');
  });

  it('stops start-up, naming the option, when the certificate or key cannot be read or used', async () => {
    const missing = path.join(dir, 'missing.pem');
    await expect(startTestFerry({ SslEnabled: true, SslCert: missing, SslKey: key })).rejects.toThrow(
      /^SslCert: cannot read .*missing\.pem/,
    );
    await expect(startTestFerry({ SslEnabled: true, SslCert: cert, SslKey: missing })).rejects.toThrow(
      /^SslKey: cannot read .*missing\.pem/,
    );
    const garbage = path.join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    await expect(startTestFerry({ SslEnabled: true, SslCert: cert, SslKey: garbage })).rejects.toThrow(
      /SslCert .* and SslKey .* are not a PEM certificate and its private key/,
    );
    await expect(startTestFerry({ SslEnabled: true, SslKey: key })).rejects.toThrow(/SslCert.*required when SslEnabled/);
    await expect(startTestFerry({ TlsVersion: 'ssl3' })).rejects.toThrow(/TlsVersion.*tlsv10/);
  });
});
