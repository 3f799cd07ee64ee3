// Issue 12: X-Forwarded-* headers are believed only from TrustedProxies, the client's address only from
// SourceIpHeader. From anyone else, a forged address must change neither the password throttles' key (rotating it
// would bypass them, a victim's would lock the victim out), nor the address recorded and logged, nor the links.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { basicAuth, createUpload } from '../helpers/plik-client.js';
import { finding } from './tally.js';

/** The throttle's limit (src/server.ts): ten wrong passwords a minute, then a wait. */
const LIMIT = 10;

let ferry: TestFerry | undefined;
afterEach(async () => {
  await ferry?.close();
  ferry = undefined;
});

async function start(options: Record<string, unknown> = {}): Promise<{ ferry: TestFerry; log: () => Record<string, unknown>[] }> {
  const written: string[] = [];
  ferry = await startTestFerry({ LogLevel: 'info', ...options }, { logStream: { write: (line: string) => void written.push(line) } });
  return { ferry, log: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** LIMIT + 1 wrong passwords on a protected upload, each from another address as `header` claims it. */
async function guessFromRotatingAddresses(base: string, header: string): Promise<number[]> {
  const upload = await createUpload(base, { login: 'me', password: 'right' });
  const statuses: number[] = [];
  for (let i = 0; i <= LIMIT; i++) {
    const response = await fetch(`${base}/upload/${upload.id}`, {
      headers: { Authorization: basicAuth('me', 'wrong'), [header]: `203.0.113.${i + 1}` },
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

/** Creates an upload claiming to come from `address`; answers the address Ferry recorded and the one it logged. */
async function uploadClaimingToBe(instance: TestFerry, log: () => Record<string, unknown>[], headers: Record<string, string>) {
  const upload = await createUpload(instance.url, {}, headers);
  const stored = await instance.metadata.findLiveUpload(upload.id, Date.now());
  const line = log()
    .reverse()
    .find(
      (l) =>
        (l.req as { method?: string; url?: string } | undefined)?.url?.endsWith('/upload') &&
        (l.req as { method: string }).method === 'POST',
    );
  return { recorded: stored?.remoteIp, logged: (line?.req as { remoteAddress?: string } | undefined)?.remoteAddress };
}

const quickUploadUrl = async (base: string, headers: Record<string, string>) => {
  const form = new FormData();
  form.append('file', new Blob(['hello']), 'a.txt');
  const response = await fetch(`${base}/`, { method: 'POST', body: form, headers });
  expect(response.status).toBe(200);
  return new URL((await response.text()).trim());
};

describe('by default, no X-Forwarded-* header is believed', () => {
  it('a forged X-Forwarded-For does not change the password throttle key: the guess past the limit is throttled', async (context) => {
    const { ferry } = await start();
    const statuses = await guessFromRotatingAddresses(ferry.url, 'X-Forwarded-For');
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses[LIMIT]).toBe(429);
    finding(context, 'forged-x-forwarded-for');
  });

  it('a forged X-Forwarded-For is neither recorded as the upload address nor logged', async () => {
    const { ferry, log } = await start();
    const { recorded, logged } = await uploadClaimingToBe(ferry, log, { 'X-Forwarded-For': '198.51.100.7', 'X-Real-IP': '198.51.100.8' });
    expect(recorded).toBe('127.0.0.1');
    expect(logged).toBe('127.0.0.1');
  });

  it('a forged X-Forwarded-Host or X-Forwarded-Proto does not change the links handed out', async () => {
    const { ferry } = await start();
    const url = await quickUploadUrl(ferry.url, { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' });
    expect(url.origin).toBe(new URL(ferry.url).origin);
  });

  it('SourceIpHeader alone is not believed: it needs TrustedProxies, and start-up says so', async () => {
    await expect(start({ SourceIpHeader: 'X-Forwarded-For' })).rejects.toThrow(/SourceIpHeader.*TrustedProxies/s);
  });
});

describe('TrustedProxies', () => {
  it('with SourceIpHeader = X-Forwarded-For, a trusted proxy names the client: its address keys the throttle, and is recorded and logged', async () => {
    const { ferry, log } = await start({ TrustedProxies: ['127.0.0.1/32'], SourceIpHeader: 'X-Forwarded-For' });
    // Each address has its own throttle: none of them is over the limit.
    expect(await guessFromRotatingAddresses(ferry.url, 'X-Forwarded-For')).toEqual(Array(LIMIT + 1).fill(401));
    // A client's own X-Forwarded-For passed on by the proxy (a, proxy's view of the client): the proxy's entry wins.
    const { recorded, logged } = await uploadClaimingToBe(ferry, log, { 'X-Forwarded-For': '198.51.100.1, 192.0.2.9' });
    expect(recorded).toBe('192.0.2.9');
    expect(logged).toBe('192.0.2.9');
  });

  it('with SourceIpHeader = X-Real-IP, that header is read and X-Forwarded-For is not', async () => {
    const { ferry, log } = await start({ TrustedProxies: ['127.0.0.1/32'], SourceIpHeader: 'X-Real-IP' });
    const { recorded, logged } = await uploadClaimingToBe(ferry, log, { 'X-Real-IP': '192.0.2.10', 'X-Forwarded-For': '198.51.100.1' });
    expect(recorded).toBe('192.0.2.10');
    expect(logged).toBe('192.0.2.10');
  });

  it("without SourceIpHeader, the address stays the connection's, while the host and scheme come from the proxy", async () => {
    const { ferry, log } = await start({ TrustedProxies: ['127.0.0.1/32'] });
    const { recorded } = await uploadClaimingToBe(ferry, log, { 'X-Forwarded-For': '198.51.100.1' });
    expect(recorded).toBe('127.0.0.1');
    const url = await quickUploadUrl(ferry.url, { 'X-Forwarded-Host': 'files.example.com', 'X-Forwarded-Proto': 'https' });
    expect(url.origin).toBe('https://files.example.com');
  });

  it('a proxy outside TrustedProxies is not believed', async () => {
    const { ferry, log } = await start({ TrustedProxies: ['10.0.0.0/8'], SourceIpHeader: 'X-Forwarded-For' });
    const { recorded } = await uploadClaimingToBe(ferry, log, { 'X-Forwarded-For': '198.51.100.1' });
    expect(recorded).toBe('127.0.0.1');
    const url = await quickUploadUrl(ferry.url, { 'X-Forwarded-Host': 'evil.example' });
    expect(url.origin).toBe(new URL(ferry.url).origin);
  });

  it('a hop count trusts that many nearest proxies', async () => {
    const { ferry, log } = await start({ TrustedProxies: 1, SourceIpHeader: 'X-Forwarded-For' });
    const { recorded } = await uploadClaimingToBe(ferry, log, { 'X-Forwarded-For': '198.51.100.1, 192.0.2.11' });
    expect(recorded).toBe('192.0.2.11');
  });
});
