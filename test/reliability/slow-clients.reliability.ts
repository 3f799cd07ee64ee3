// Clients that stop: one that stops sending mid-multipart, and a stream-mode uploader whose downloader never
// comes. Each is let go within its timeout (IdleTimeout, StreamTimeout; short here), with nothing left behind: no
// partial file, no file shown as uploaded.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { fileUrl, multipartFile } from '../helpers/plik-client.js';
import { createUpload, expectNoHalfFiles, MiB } from './faults.js';
import { tally } from './tally.js';

const TIMEOUT_S = 2;
/** How late after its timeout a stuck client may be let go: a busy machine's timers run late. */
const SLACK_MS = 5000;

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ IdleTimeout: TIMEOUT_S, StreamTimeout: TIMEOUT_S, CleanupInterval: 3600 });
});
afterAll(async () => {
  await ferry?.close();
});

async function partialFiles(): Promise<string[]> {
  const entries = await readdir(ferry.dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.partial$/.test(e.name)).map((e) => e.name);
}

describe('clients that stop midway', () => {
  it('cuts a multipart upload that stopped sending after IdleTimeout, and leaves no partial file', async (context) => {
    const upload = await createUpload(ferry.url);
    const head = `--cut\r\nContent-Disposition: form-data; name="file"; filename="stuck.bin"\r\n\r\n`;
    const request = http.request(`${ferry.url}/file/${upload.id}`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken!, 'Content-Type': 'multipart/form-data; boundary=cut', 'Content-Length': 64 * MiB },
    });
    const started = performance.now();
    const ended = new Promise<number>((resolve) => {
      request.on('error', () => resolve(performance.now() - started));
      request.on('response', (response) => {
        response.resume();
        response.on('close', () => resolve(performance.now() - started));
      });
    });
    request.write(head);
    request.write(randomBytes(MiB));
    tally(context, 'faults');
    const afterMs = await ended;
    expect(afterMs).toBeLessThan(TIMEOUT_S * 1000 + SLACK_MS);
    await expect.poll(partialFiles, { timeout: SLACK_MS }).toEqual([]);
    await expectNoHalfFiles(context, ferry.url, [upload.id]);
    context.annotate(`let go ${Math.round(afterMs)} ms after its last byte (IdleTimeout ${TIMEOUT_S} s)`);
  });

  it('gives up a stream-mode upload whose downloader never comes after StreamTimeout', async (context) => {
    const upload = await createUpload(ferry.url, { stream: true, files: [{ fileName: 'never.bin', fileSize: MiB }] });
    const declared = upload.files[0]!;
    const started = performance.now();
    const response = await fetch(fileUrl(ferry.url, upload, declared, 'stream'), {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken! },
      body: multipartFile(new Uint8Array(randomBytes(MiB)), 'never.bin'),
    });
    const body = await response.text();
    const afterMs = performance.now() - started;
    tally(context, 'faults');
    expect(response.status, body).toBeGreaterThanOrEqual(400);
    expect(afterMs).toBeLessThan(TIMEOUT_S * 1000 + SLACK_MS);
    await expectNoHalfFiles(context, ferry.url, [upload.id]);
    context.annotate(`answered ${response.status} (${body.trim()}) after ${Math.round(afterMs)} ms (StreamTimeout ${TIMEOUT_S} s)`);
  });
});
