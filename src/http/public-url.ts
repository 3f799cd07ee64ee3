// Where the links Ferry hands out point: DownloadDomain when it is set, else the host the request came to.
import type { FastifyRequest } from 'fastify';
import type { HttpOptions } from './http-options.js';

export const publicBase = (request: FastifyRequest, { downloadDomain, basePath }: Pick<HttpOptions, 'downloadDomain' | 'basePath'>) =>
  downloadDomain || `${request.protocol}://${request.host}${basePath}`;
