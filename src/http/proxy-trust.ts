// Which requests' X-Forwarded-* headers Ferry believes: only those that come from TrustedProxies, and the client's
// address only from SourceIpHeader. Any client can send these headers, and the address they name keys the password
// throttles and is recorded with uploads and log lines: believed from anyone, it is whatever the client says.
import type { Server } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema.js';

/** Fastify's trustProxy: the addresses or CIDRs as they are, a hop count as the number of nearest hops trusted. */
export function trustProxyOption({ TrustedProxies }: Pick<Config, 'TrustedProxies'>): FastifyServerOptions['trustProxy'] {
  // Fastify refuses to trust any address for a bare hop count (it cannot check the nearest peer): asking for hops
  // is the operator's word that every connection comes through that many proxies.
  if (typeof TrustedProxies === 'number') return (_address: string, hop: number) => hop < TrustedProxies;
  return TrustedProxies.length > 0 ? TrustedProxies : false;
}

/**
 * Fastify takes a trusted proxy's client address from X-Forwarded-For alone: make that header say what
 * SourceIpHeader says (X-Real-IP, say), or nothing when it is empty, before Fastify reads the request.
 */
export function readSourceIpFrom(
  server: Server,
  { SourceIpHeader, TrustedProxies }: Pick<Config, 'SourceIpHeader' | 'TrustedProxies'>,
): void {
  const header = SourceIpHeader.toLowerCase();
  if (header === 'x-forwarded-for' || !trustProxyOption({ TrustedProxies })) return;
  server.prependListener('request', (request) => {
    const value = header === '' ? undefined : request.headers[header];
    if (value === undefined) delete request.headers['x-forwarded-for'];
    else request.headers['x-forwarded-for'] = Array.isArray(value) ? value.join(', ') : value;
  });
}
