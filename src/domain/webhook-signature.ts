// The signature of a webhook call, Stripe's way: `Ferry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>">` under the webhook's secret. The timestamp is signed too, so that a receiver refusing old ones
// (docs/notifications.md: five minutes) cannot be sent a recorded call again later.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ferry-Signature';

export function signatureOf(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
