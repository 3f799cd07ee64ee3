// Where the links Ferry hands out point: DownloadDomain when it is set, else the host the request came to.
import type { FastifyRequest } from 'fastify';
import type { HttpOptions } from './http-options.js';

/** Ferry's base URL as this request reached it (through the proxies trusted to say so). */
export const requestBase = (request: FastifyRequest, { basePath }: Pick<HttpOptions, 'basePath'>) =>
  `${request.protocol}://${request.host}${basePath}`;

export const publicBase = (request: FastifyRequest, options: Pick<HttpOptions, 'downloadDomain' | 'basePath'>) =>
  options.downloadDomain || requestBase(request, options);
