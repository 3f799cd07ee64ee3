// Where the links Ferry hands out point: DownloadDomain when it is set, else the host the request came to.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';

export const publicBase = (request: FastifyRequest, config: Pick<Config, 'DownloadDomain' | 'Path'>) =>
  config.DownloadDomain || `${request.protocol}://${request.host}${config.Path}`;
