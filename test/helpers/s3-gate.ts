// A gate between Ferry and the test S3 server that a test can shut: an HTTP proxy on a port of its own that, shut,
// stops listening and cuts every connection through it (Ferry then meets refused and reset connections, as when
// the S3 server is down), and opened again listens on the same port; stalled, it takes requests and never answers. The S3 server itself keeps its objects (the
// in-memory emulator would lose them if stopped). It watches the multipart uploads that go through it, as the
// emulator lists none: those created and neither completed nor aborted are the ones left to pay for.
import http from 'node:http';
import type { Socket } from 'node:net';

export interface S3Gate {
  /** host:port to give Ferry as Endpoint. */
  endpoint: string;
  /** Refuses new connections and cuts those open, mid-request. */
  shut(): Promise<void>;
  /** Takes every new request and never answers it (a server that hangs); what is under way goes on. */
  stall(): void;
  open(): Promise<void>;
  /** Multipart uploads created through the gate and not completed or aborted since. */
  openMultipartUploads(): string[];
  close(): Promise<void>;
}

export async function startS3Gate(target: string): Promise<S3Gate> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const upstream = new Set<http.ClientRequest>();
  const multipart = new Set<string>();

  let stalled = false;
  const server = http.createServer((request, response) => {
    if (stalled) return; // held until its connection is cut (shut, close)
    const url = new URL(request.url ?? '/', 'http://gate');
    const forwarded = http.request(
      { host: targetHost, port: Number(targetPort), method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        const uploadId = url.searchParams.get('uploadId');
        const ok = (answer.statusCode ?? 500) < 300;
        if (request.method === 'POST' && url.searchParams.has('uploads') && ok) {
          // CreateMultipartUpload: the id is in the answer's XML.
          let xml = '';
          answer.on('data', (chunk: Buffer) => void (xml += chunk.toString('utf8')));
          answer.on('end', () => {
            const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
            if (id) multipart.add(id);
          });
        } else if (uploadId && ok && (request.method === 'DELETE' || (request.method === 'POST' && !url.searchParams.has('partNumber')))) {
          answer.on('end', () => multipart.delete(uploadId));
        }
        answer.pipe(response);
      },
    );
    upstream.add(forwarded);
    forwarded.on('close', () => upstream.delete(forwarded));
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const shut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    for (const request of upstream) request.destroy();
    await closed;
  };
  return {
    endpoint: `127.0.0.1:${port}`,
    shut,
    stall: () => void (stalled = true),
    open: async () => {
      stalled = false;
      await listen(port);
    },
    openMultipartUploads: () => [...multipart],
    close: async () => {
      if (server.listening) await shut();
    },
  };
}
