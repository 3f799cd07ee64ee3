// Where the links Ferry hands out point: DownloadDomain when it is set, else the host the request came to.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';

/** Ferry's base URL as this request reached it (through the proxies trusted to say so). */
export const requestBase = (request: FastifyRequest, config: Pick<Config, 'Path'>) => `${request.protocol}://${request.host}${config.Path}`;

export const publicBase = (request: FastifyRequest, config: Pick<Config, 'DownloadDomain' | 'Path'>) =>
  config.DownloadDomain || requestBase(request, config);
