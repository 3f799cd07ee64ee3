// A reverse proxy in front of a real Ferry, for tests of resumable uploads: it passes every request on as it is,
// counts the body bytes of each method that reach Ferry (what a client sent again, or did not), can slow uploads
// down, so that a test catches one midway without timing the client, and can cut a PATCH off as a network drop does.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TusProxy {
  url: string;
  /** Body bytes passed on to Ferry, by method (PATCH, POST…), of the requests made since the start or the last reset. */
  bytes(method: string): number;
  /** "METHOD /path" of each request, in order, since the start or the last reset. */
  requests: string[];
  /** The Upload-Offset of each PATCH, in order, since the start or the last reset. */
  patchOffsets: number[];
  /** Bytes per second that request bodies may go at; 0: as fast as they come. */
  pace: number;
  /** Cuts both connections of the first PATCH at `from` or further once `after` of its bytes reached Ferry. */
  cutPatch?: { from: number; after: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startTusProxy(target: string, { pace = 0 } = {}): Promise<TusProxy> {
  const counts = new Map<string, number>();
  const upstreams = new Set<http.ClientRequest>();
  // The requests of before a reset (a killed client's, still draining) count no more.
  let generation = 0;
  const proxy: TusProxy = {
    url: '',
    bytes: (method) => counts.get(method) ?? 0,
    requests: [],
    patchOffsets: [],
    pace,
    reset: () => {
      generation++;
      counts.clear();
      proxy.requests.length = 0;
      proxy.patchOffsets.length = 0;
    },
    close: async () => {
      for (const upstream of upstreams) upstream.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const born = generation;
    const cut =
      method === 'PATCH' && Number(req.headers['upload-offset']) >= (proxy.cutPatch?.from ?? Infinity) ? proxy.cutPatch : undefined;
    if (cut) proxy.cutPatch = undefined;
    let passed = 0;
    proxy.requests.push(`${method} ${req.url}`);
    if (method === 'PATCH') proxy.patchOffsets.push(Number(req.headers['upload-offset']));
    const upstream = http.request(new URL(req.url ?? '/', target), { method, headers: req.headers });
    upstreams.add(upstream);
    upstream.once('close', () => upstreams.delete(upstream));
    upstream.once('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    const counter = new Transform({
      async transform(incoming: Buffer, _encoding, done) {
        // A cut falls exactly `after` bytes in, whatever size the socket's reads come in.
        const chunk = cut ? incoming.subarray(0, Math.max(0, cut.after - passed)) : incoming;
        if (proxy.pace > 0) await sleep((chunk.length / proxy.pace) * 1000);
        if (born === generation) counts.set(method, (counts.get(method) ?? 0) + chunk.length);
        passed += chunk.length;
        done(null, chunk);
        if (cut && passed >= cut.after) {
          upstream.destroy();
          req.socket.destroy();
        }
      },
    });
    // A client that goes away midway (a reload, a killed process) breaks the request to Ferry too, as it would
    // without a proxy. A body Ferry stopped reading (it answered early) is drained: the connection serves the next.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.once('error', () => {
      if (!res.writableFinished) res.destroy();
    });
    pipeline(req, counter, upstream).catch(() => {
      upstream.destroy();
      req.resume();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
