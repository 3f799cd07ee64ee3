// Issue 12: no idle or slow-body timeout and no connection cap (3 000 slow connections stayed open), and a stream
// upload waited for its downloader for ever. Now an idle connection is closed after IdleTimeout (while one that
// moves, however slowly, is not), MaxConnections caps them, and a stream upload gives up after StreamTimeout.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, fileUrl, rawMultipart, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

let ferry: TestFerry | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await ferry?.close();
  ferry = undefined;
});

/** A raw connection to Ferry, and when (ms after opening) the server closed it; `sent` is written first. */
async function openConnection(
  base: string,
  sent = '',
): Promise<{ socket: Socket; closed: Promise<{ afterMs: number; received: string }> }> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  const opened = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString()));
  socket.on('error', () => {});
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) =>
    socket.once('close', () => resolve({ afterMs: Date.now() - opened, received })),
  );
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  if (sent) socket.write(sent);
  return { socket, closed };
}

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, sleep(ms).then(() => 'still open' as const)]);

/** POSTs a multipart file of `chunks` pieces of `chunkSize` bytes, one every `everyMs`; answers the status and body. */
function slowUpload(
  url: string,
  uploadToken: string,
  { chunks, chunkSize, everyMs }: { chunks: number; chunkSize: number; everyMs: number },
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const head = '--b0undary\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n\r\n';
    const tail = '\r\n--b0undary--\r\n';
    const req = request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'multipart/form-data; boundary=b0undary',
        'X-UploadToken': uploadToken,
        'Content-Length': head.length + chunks * chunkSize + tail.length,
      },
    });
    req.once('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => void (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.once('error', reject);
    void (async () => {
      req.write(head);
      for (let i = 0; i < chunks; i++) {
        await sleep(everyMs);
        req.write(Buffer.alloc(chunkSize, 'x'));
      }
      req.end(tail);
    })();
  });
}

describe('IdleTimeout', () => {
  it('closes a connection that sends nothing, or stops halfway through its headers', async (context) => {
    ferry = await startTestFerry({ IdleTimeout: 1 });
    const silent = await openConnection(ferry.url);
    const halfHeaders = await openConnection(ferry.url, 'GET /health HTTP/1.1\r\nHost: x\r\n');
    expect(await within(silent.closed, 5000)).toMatchObject({ afterMs: expect.any(Number) });
    expect(await within(halfHeaders.closed, 5000)).toMatchObject({ afterMs: expect.any(Number) });
    // Issue 12's finding 10 (timeouts, cap, stream wait) counted once, here.
    finding(context, 'idle-and-slow-connections');
  });

  it('closes a kept-alive connection idle after its requests, not before', async () => {
    ferry = await startTestFerry({ IdleTimeout: 1 });
    const { socket, closed } = await openConnection(ferry.url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(500);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const { received } = (await within(closed, 5000)) as { received: string };
    expect(received.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
  });

  it('does not cut an upload that keeps moving, however long it takes', async () => {
    ferry = await startTestFerry({ IdleTimeout: 1 });
    const upload = await createUpload(ferry.url);
    // 3 s in all, a little every 300 ms: three times the idle timeout.
    const { status, body } = await slowUpload(`${ferry.url}/file/${upload.id}`, upload.uploadToken!, {
      chunks: 10,
      chunkSize: 1000,
      everyMs: 300,
    });
    expect(status, body).toBe(200);
    expect((JSON.parse(body) as FileJson).fileSize).toBe(10_000);
  });
});

describe('MaxConnections', () => {
  it('closes connections past the cap as they arrive, and takes new ones once others have gone', async () => {
    ferry = await startTestFerry({ MaxConnections: 3, IdleTimeout: 30 });
    const held = await Promise.all([0, 1, 2].map(() => openConnection(ferry!.url)));
    await sleep(100);
    const refused = await openConnection(ferry.url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await within(refused.closed, 3000)).toMatchObject({ received: '' });

    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(100);
    const response = await fetch(`${ferry.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('StreamTimeout', () => {
  async function streamUpload(): Promise<{ upload: UploadJson; file: { id: string; fileName: string } }> {
    const upload = await createUpload(ferry!.url, { stream: true, files: [{ fileName: 'live.txt' }] });
    const [file] = Object.values(upload.files) as FileJson[];
    return { upload, file: file! };
  }

  const sendStream = (upload: UploadJson, file: { id: string; fileName: string }) => {
    const { body, headers } = rawMultipart(file.fileName, 'streamed bytes');
    const init = {
      method: 'POST',
      body,
      headers: { ...headers, 'X-UploadToken': upload.uploadToken! },
      signal: AbortSignal.timeout(20_000),
    };
    return fetch(fileUrl(ferry!.url, upload, file, 'stream'), init);
  };

  it('gives up a stream upload no downloader comes for, with a clear error, and leaves nothing waiting', async () => {
    ferry = await startTestFerry({ StreamTimeout: 1 });
    const { upload, file } = await streamUpload();
    const started = Date.now();
    const response = await sendStream(upload, file);
    expect(response.status).toBe(408);
    expect(await response.text()).toMatch(/no downloader came .* within 1s/);
    expect(Date.now() - started).toBeLessThan(5000);
    // Nothing left: no one is waiting to be downloaded, and the file may be sent again.
    expect((await fetch(fileUrl(ferry.url, upload, file, 'stream'))).status).toBe(404);
    const state = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    expect((Object.values(state.files) as FileJson[])[0]!.status).toBe('missing');
  });

  it('lets a stream upload wait past IdleTimeout for its downloader, up to StreamTimeout', async () => {
    ferry = await startTestFerry({ IdleTimeout: 1, StreamTimeout: 30 });
    const { upload, file } = await streamUpload();
    const sent = sendStream(upload, file);
    await sleep(2500);
    const download = await fetch(fileUrl(ferry.url, upload, file, 'stream'));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('streamed bytes');
    expect((await sent).status).toBe(200);
  });
});
