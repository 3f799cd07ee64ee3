import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';

/** Every line Ferry logs, as written (JSON). */
const written: string[] = [];
const logStream = { write: (line: string) => void written.push(line) };
const lines = () => written.map((line) => JSON.parse(line) as Record<string, unknown> & { event?: string });
const events = (name: string) => lines().filter((line) => line.event === name);

let ferry: TestFerry;
let apiKey: string;
let userId: string;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', LogLevel: 'info' }, { logStream });
  const alice = await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
  userId = alice.id;
  apiKey = (await ferry.services.tokens.create(alice)).value;
});
afterAll(() => ferry.close());

/** What must never reach a log line: every secret the scenarios below use. */
const secrets: string[] = [];

describe('the event log', () => {
  it('tells of an upload through the Gokapi API, its downloads and its expiry by download count', async () => {
    const form = new FormData();
    form.append('file', new Blob(['quarterly numbers']), 'q3.pdf');
    form.append('allowedDownloads', '2');
    form.append('password', 'hunter2-password');
    secrets.push('hunter2-password', apiKey);
    const answer = (await (
      await fetch(`${ferry.url}/api/files/add`, { method: 'POST', headers: { apikey: apiKey }, body: form })
    ).json()) as {
      fileInfo: { id: string; url: string };
    };
    const fileId = answer.fileInfo.id;
    const [created] = events('upload.created');
    expect(created).toMatchObject({ level: 30, userId, declaredFiles: 0, encryption: 'none', msg: 'upload created' });
    const uploadId = created!.uploadId as string;
    expect(events('file.uploaded')).toEqual([expect.objectContaining({ uploadId, fileId, name: 'q3.pdf', size: 17, deduplicated: false })]);
    // The limit and the password came after the file in the form.
    expect(events('upload.changed')).toEqual([expect.objectContaining({ uploadId, maxDownloads: 2, protectedByPassword: true })]);

    for (let i = 0; i < 2; i++) {
      const download = await fetch(answer.fileInfo.url, { method: 'POST', body: new URLSearchParams({ password: 'hunter2-password' }) });
      expect(await download.text()).toBe('quarterly numbers');
    }
    await expect.poll(() => events('file.expired').length).toBe(1);
    expect(events('file.downloaded')).toEqual([
      expect.objectContaining({ uploadId, fileId, bytes: 17, partial: false, archive: false }),
      expect.objectContaining({ uploadId, fileId, bytes: 17 }),
    ]);
    expect(events('file.expired')[0]).toMatchObject({ uploadId, fileId, reason: 'download limit reached' });
  });

  it('tells of a removed file, a deleted upload and an expired one', async () => {
    const upload = (await (
      await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ ttl: 60, encryption: 'link' }) })
    ).json()) as UploadJson & {
      downloadKey: string;
    };
    secrets.push(upload.uploadToken!, upload.downloadKey);
    const send = async (name: string) => {
      const response = await fetch(`${ferry.url}/file/${upload.id}?key=${upload.downloadKey}`, {
        method: 'POST',
        headers: { 'X-UploadToken': upload.uploadToken! },
        body: multipartFile('bytes', name),
      });
      return (await response.json()) as FileJson;
    };
    const kept = await send('kept.txt');
    const removed = await send('removed.txt');
    await fetch(fileUrl(ferry.url, upload, removed), { method: 'DELETE', headers: { 'X-UploadToken': upload.uploadToken! } });
    expect(events('file.removed')).toEqual([expect.objectContaining({ uploadId: upload.id, fileId: removed.id })]);
    expect(await (await fetch(`${fileUrl(ferry.url, upload, kept)}?key=${upload.downloadKey}`)).text()).toBe('bytes');

    const doomed = (await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{}' })).json()) as UploadJson;
    secrets.push(doomed.uploadToken!);
    await fetch(`${ferry.url}/upload/${doomed.id}`, { method: 'DELETE', headers: { 'X-UploadToken': doomed.uploadToken! } });
    expect(events('upload.deleted').map((e) => e.uploadId)).toEqual([doomed.id]);

    await ferry.cleanup.run(Date.now() + 3600_000);
    expect(events('upload.expired').map((e) => e.uploadId)).toContain(upload.id);
    expect(events('upload.expired').map((e) => e.uploadId)).not.toContain(doomed.id);
    expect(events('upload.purged').map((e) => e.uploadId)).toContain(doomed.id);
  });

  it("never writes a secret, nor the uploader's address in an event", () => {
    const log = written.join('');
    for (const secret of secrets) expect(log).not.toContain(secret);
    for (const line of lines().filter((l) => l.event)) expect(JSON.stringify(line)).not.toContain('127.0.0.1');
    // The request lines say where a request came from, and hide the key a URL carried.
    expect(log).toContain('key=[redacted]');
  });
});
