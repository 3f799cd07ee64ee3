// Error answers that must not cost the server more than the answer: a refused upload's connection stays usable.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/http/errors.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ MaxFilePerUpload: 1 });
});
afterAll(() => ferry.close());

/** One request on `agent`, its status and body once the whole answer is in. */
function send(
  agent: http.Agent,
  path: string,
  method: string,
  headers: Record<string, string | number>,
  body?: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${ferry.url}${path}`, { agent, method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('an upload refused before its body is read', () => {
  it('is answered, and the same keep-alive connection then serves the next request', async () => {
    const upload = await createUpload(ferry.url);
    await addFile(ferry.url, upload, 'the one file', 'one.txt');
    // One socket, kept alive: the second request can only be answered if the first one's body was read through.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const head = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="two.bin"\r\n\r\n');
      const body = Buffer.concat([head, Buffer.alloc(4 * 1024 * 1024, 7), Buffer.from('\r\n--b--\r\n')]);
      const refused = await send(
        agent,
        `/file/${upload.id}`,
        'POST',
        {
          'X-UploadToken': upload.uploadToken!,
          'Content-Type': 'multipart/form-data; boundary=b',
          'Content-Length': body.length,
        },
        body,
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/maximum number file per upload/);
      const next = await send(agent, '/health', 'GET', {});
      expect(next).toEqual({ status: 200, text: 'ok\n' });
    } finally {
      agent.destroy();
    }
  });
});

describe('a malformed multipart form', () => {
  it.each([
    ['multipart/form-data', ''],
    ['multipart/form-data', '----'],
  ])("(%s, body %j) is the client's mistake: 400", async (type, body) => {
    const upload = await createUpload(ferry.url);
    const response = await fetch(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      headers: { 'Content-Type': type, 'X-UploadToken': upload.uploadToken! },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/invalid multipart form/);
  });
});

describe('describeError', () => {
  it('tells a full disk apart from a bug: 507 with a message, where anything unknown is a bare 500', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(describeError(full)).toEqual({ status: 507, message: expect.stringMatching(/no space left/) });
    expect(describeError(full).message).not.toMatch(/ENOSPC|device/);
    expect(describeError(new Error('/srv/secret/path exploded'))).toEqual({ status: 500, message: 'internal server error' });
    expect(describeError(undefined)).toEqual({ status: 500, message: 'internal server error' });
  });
});
