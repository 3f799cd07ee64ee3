// Which endpoints a webhook may call: https, on a public address. Checked when it is registered and again on
// every call, on the address the call actually connects to (a name may resolve elsewhere by then: DNS rebinding).
import { BlockList, isIP } from 'node:net';
import { badRequest } from '../model/errors.js';

/** Addresses no webhook reaches unless WebhookAllowPrivate: this host, private networks, link-local, and the like. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The endpoint as a URL, if a webhook may have it; a 400 that says why not otherwise. */
export function webhookUrlOf(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest('url: not a URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw badRequest('url: webhooks must use https');
  if (url.username || url.password) throw badRequest('url: no credentials in the URL (the signature proves the sender)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    throw badRequest('url: this address is on a private network or this host; webhooks call public endpoints only');
  }
  return url;
}

/** A 400 when one of the addresses a webhook's host resolves to is private (and that is not allowed). */
export function checkResolved(addresses: string[], allowPrivate: boolean): void {
  if (allowPrivate) return;
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw badRequest("url: the endpoint's name resolves to a private network or this host; webhooks call public endpoints only");
  }
}
