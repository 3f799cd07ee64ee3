// Reads what a request proves about itself when it touches an upload: who it is, its upload token, HTTP Basic credentials.
import type { FastifyRequest } from 'fastify';
import type { UploadCredentials } from '../domain/uploads.js';

export function uploadCredentials(request: FastifyRequest): UploadCredentials {
  const token = request.headers['x-uploadtoken'];
  const linkKey = (request.query as { key?: unknown } | undefined)?.key ?? request.headers['x-ferry-key'];
  return {
    requester: request.requester,
    linkKey: typeof linkKey === 'string' ? linkKey : undefined,
    uploadToken: typeof token === 'string' ? token : undefined,
    basic: basicCredentials(request.headers.authorization),
    linkPreview: request.linkPreview,
  };
}

export function basicCredentials(header: string | undefined): UploadCredentials['basic'] {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
