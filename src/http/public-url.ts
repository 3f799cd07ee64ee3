// Where the links Ferry hands out point: the configured domains when they are set (download-url.ts), else the
// host the request came to.
import type { FastifyRequest } from 'fastify';
import type { HttpOptions } from './http-options.js';

/** Ferry's base URL as this request reached it (through the proxies trusted to say so). */
export const requestBase = (request: FastifyRequest, { basePath }: Pick<HttpOptions, 'basePath'>) =>
  `${request.protocol}://${request.host}${basePath}`;

/** The base of download links handed out with this request's answer. */
export const publicBase = (request: FastifyRequest, options: Pick<HttpOptions, 'downloadURL' | 'basePath'>) =>
  options.downloadURL || requestBase(request, options);

/** The base of the web app's pages: PlikDomain + Path when PlikDomain is set. */
export const webBase = (request: FastifyRequest, options: Pick<HttpOptions, 'plikDomain' | 'basePath'>) =>
  options.plikDomain ? `${options.plikDomain}${options.basePath}` : requestBase(request, options);

/** The web app's origin, with no path: PlikDomain when set, else the scheme and host this request came to. */
export const webOrigin = (request: FastifyRequest, options: Pick<HttpOptions, 'plikDomain'>) =>
  options.plikDomain ? new URL(options.plikDomain).origin : `${request.protocol}://${request.host}`;
