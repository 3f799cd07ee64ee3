// A real webhook receiver for the tests: an HTTP server on port 0 that keeps every call it gets, answers 500 to
// the first `failFirst` of them (to prove retries), and checks Ferry's signature as a receiver would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** The calls answered 2xx. */
  accepted(): ReceivedCall[];
  /** Waits until `count` calls were accepted (or `timeoutMs` passed: then throws). */
  waitForAccepted(count: number, timeoutMs?: number): Promise<ReceivedCall[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver({ failFirst = 0 } = {}): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = calls.length < failFirst ? 500 : 200;
      calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = () => calls.filter((c) => c.status === 200);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    accepted,
    async waitForAccepted(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted().length < count) {
        if (Date.now() > deadline) throw new Error(`${accepted().length} of ${count} webhook calls accepted in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return accepted();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Whether the call carries a valid Ferry-Signature for this secret, made within `toleranceSeconds`. */
export function signatureValid(call: ReceivedCall, secret: string, toleranceSeconds = 300): boolean {
  const header = String(call.headers['ferry-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${call.body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
