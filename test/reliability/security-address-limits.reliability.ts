// Issue 12 (low): Plik's UploadWhitelist was ignored, and nothing bounded what one address could do without an
// account. Now only whitelisted addresses may create uploads, and optional caps bound anonymous uploads a minute,
// anonymous bytes an hour and QR codes a minute, per client address.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

let ferry: TestFerry | undefined;
afterEach(async () => {
  await ferry?.close();
  ferry = undefined;
});

const post = (path: string, init: RequestInit = {}) => fetch(`${ferry!.url}${path}`, { method: 'POST', body: '{}', ...init });
const quickUpload = (headers: Record<string, string> = {}) => post('/', { body: multipartFile('hello', 'a.txt'), headers });

describe('UploadWhitelist', () => {
  it('lets only the addresses in it create uploads, as Plik does', async (context) => {
    ferry = await startTestFerry({ UploadWhitelist: ['10.0.0.0/8', '192.0.2.1'] });
    for (const response of [await post('/upload'), await quickUpload()]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/untrusted source IP address/);
    }
    await ferry.close();
    // An address alone, as Plik allows it: a /32.
    ferry = await startTestFerry({ UploadWhitelist: ['127.0.0.1'] });
    expect((await post('/upload')).status).toBe(200);
    expect((await quickUpload()).status).toBe(200);
    finding(context, 'per-address-limits-and-upload-whitelist');
  });

  it('checks the client behind a trusted proxy, not the proxy', async () => {
    ferry = await startTestFerry({ UploadWhitelist: ['192.0.2.0/24'], TrustedProxies: ['127.0.0.1/32'], SourceIpHeader: 'X-Real-IP' });
    expect((await post('/upload', { headers: { 'X-Real-IP': '192.0.2.7' } })).status).toBe(200);
    expect((await post('/upload', { headers: { 'X-Real-IP': '198.51.100.7' } })).status).toBe(403);
    expect((await post('/upload')).status).toBe(403);
  });

  it('refuses an entry that is no address or CIDR at start', async () => {
    await expect(startTestFerry({ UploadWhitelist: ['10.0.0.0/33'] })).rejects.toThrow(/UploadWhitelist\.0 .*must be an address or a CIDR/);
  });
});

describe('limits per address without an account', () => {
  it('AnonymousUploadsPerMinute: past it, 429, per address; signed-in users are not counted', async () => {
    ferry = await startTestFerry({
      AnonymousUploadsPerMinute: 3,
      FeatureAuthentication: 'enabled',
      TrustedProxies: ['127.0.0.1/32'],
      SourceIpHeader: 'X-Real-IP',
    });
    const from = (address: string) => ({ headers: { 'X-Real-IP': address } });
    for (let i = 0; i < 3; i++) expect((await post('/upload', from('192.0.2.1'))).status).toBe(200);
    const refused = await post('/upload', from('192.0.2.1'));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/too many uploads from your address/);
    expect((await quickUpload(from('192.0.2.1').headers)).status).toBe(429);
    // Another address has its own count, and a user's token is not anonymous.
    expect((await post('/upload', from('192.0.2.2'))).status).toBe(200);
    const user = await ferry.services.users.create({ provider: 'local', login: 'ulla', password: 'ulla-password' });
    const token = (await ferry.services.tokens.create(user)).value;
    for (let i = 0; i < 4; i++)
      expect((await post('/upload', { headers: { 'X-Real-IP': '192.0.2.1', 'X-PlikToken': token } })).status).toBe(200);
  });

  it('AnonymousBytesPerHour: the file past it is refused with 429 and nothing of it is kept', async () => {
    ferry = await startTestFerry({ AnonymousBytesPerHour: '10kB' });
    const upload = await createUpload(ferry.url);
    const send = (name: string) =>
      post(`/file/${upload.id}`, { body: multipartFile(new Uint8Array(6000), name), headers: { 'X-UploadToken': upload.uploadToken! } });
    expect((await send('first.bin')).status).toBe(200);
    const refused = await send('second.bin');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/more than 10 kB this hour without an account/);
    const state = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    const files = Object.values(state.files) as FileJson[];
    expect(files.filter((f) => f.status === 'uploaded').map((f) => f.fileName)).toEqual(['first.bin']);
    expect(files.find((f) => f.fileName === 'second.bin')?.status ?? 'absent').not.toBe('uploaded');
  });

  it('QRCodesPerMinute: past it, 429', async () => {
    ferry = await startTestFerry({ QRCodesPerMinute: 2 });
    const qr = () => fetch(`${ferry!.url}/qrcode?url=${encodeURIComponent('https://example.com/x')}`);
    expect((await qr()).status).toBe(200);
    expect((await qr()).status).toBe(200);
    expect((await qr()).status).toBe(429);
  });

  it('are off by default', async () => {
    ferry = await startTestFerry();
    for (let i = 0; i < 20; i++) expect((await quickUpload()).status).toBe(200);
    for (let i = 0; i < 20; i++) expect((await fetch(`${ferry.url}/qrcode?url=x`)).status).toBe(200);
  });
});
