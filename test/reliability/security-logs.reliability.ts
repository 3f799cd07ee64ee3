// Issue 12: a link key in the query string reached the request log when its name was percent-encoded
// (`?%6Bey=`): Fastify decodes the name, so the key worked, while the log's redaction matched only `key=`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { fileUrl, multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

const written: string[] = [];
let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ LogLevel: 'info' }, { logStream: { write: (line: string) => void written.push(line) } });
});
afterAll(() => ferry.close());

describe('request log lines', () => {
  it('never show a link key, however its parameter name is spelled', async (context) => {
    const upload = (await (
      await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ encryption: 'link' }) })
    ).json()) as UploadJson & { downloadKey: string };
    const key = upload.downloadKey;
    const added = await fetch(`${ferry.url}/file/${upload.id}?key=${key}`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile('secret bytes', 'a.txt'),
    });
    expect(added.status).toBe(200);
    const file = (await added.json()) as FileJson;

    for (const query of [`key=${key}`, `%6Bey=${key}`, `k%65y=${key}`, `%6B%65%79=${key}`, `dl=1&%6bey=${key}`, `x=1&key=${key}&y=2`]) {
      const response = await fetch(`${fileUrl(ferry.url, upload, file)}?${query}`);
      // The key works in each spelling: each is a secret that must stay out of the log.
      expect(response.status, query).toBe(200);
      expect(await response.text()).toBe('secret bytes');
    }
    const log = written.join('');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(key);
    expect(log).not.toContain(encodeURIComponent(key));
    finding(context, 'link-keys-in-logs');
  });
});
