// One call of a webhook: a signed POST of the queued body, to the address its name resolves to now, refused when
// that address is private (unless allowed): the check is made on the socket's own lookup, so that the address
// checked is the address connected to, whatever the DNS answers between registration and call.
import { isIP, type LookupFunction } from 'node:net';
import { lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isPrivateAddress } from '../domain/webhook-address.js';
import { SIGNATURE_HEADER, signatureOf } from '../domain/webhook-signature.js';
import { FERRY_VERSION } from '../version.js';

/** How long a receiver has to answer. */
const TIMEOUT_MS = 10_000;

export interface CallResult {
  /** The receiver's status, when it answered. */
  status: number | null;
  /** '' when it answered 2xx; else what went wrong, for the delivery log. */
  error: string;
}

export interface WebhookCall {
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  body: string;
}

/** A lookup that fails for private addresses (unless allowed): what the connection is made to is what is checked. */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const usable = addresses.filter((a) => allowPrivate || !isPrivateAddress(a.address));
      if (usable.length === 0) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to a private address, which webhooks may not call`), { code: 'EPRIVATE' }),
          '',
          0,
        );
      }
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

export function callWebhook(call: WebhookCall, allowPrivate: boolean): Promise<CallResult> {
  const url = new URL(call.url);
  const client = url.protocol === 'https:' ? https : http;
  if (url.protocol !== 'https:' && !allowPrivate) return Promise.resolve({ status: null, error: 'webhooks must use https' });
  // An IP literal is connected to without a lookup: its check is here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.resolve({ status: null, error: `${host} is a private address, which webhooks may not call` });
  }
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: checkedLookup(allowPrivate),
        timeout: TIMEOUT_MS,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': `Ferry-Webhooks/${FERRY_VERSION}`,
          'Ferry-Event': call.eventType,
          'Ferry-Delivery': call.eventId,
          'Idempotency-Key': call.eventId,
          [SIGNATURE_HEADER]: signatureOf(call.secret, timestamp, call.body),
        },
      },
      (response) => {
        // The answer's body is not kept: a receiver's reply tells nothing Ferry acts on.
        response.resume();
        const status = response.statusCode ?? 0;
        resolve({ status, error: status >= 200 && status < 300 ? '' : `HTTP ${status}` });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (err) => resolve({ status: null, error: err.message }));
    request.end(call.body);
  });
}
