// A stream-mode upload sends nothing while it waits for its downloader (its body is not read until one comes), so
// its connection would count as idle: it may stay quiet for StreamTimeout instead, which the stream store enforces.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';

export function allowStreamWait(
  request: FastifyRequest,
  { IdleTimeout, StreamTimeout }: Pick<Config, 'IdleTimeout' | 'StreamTimeout'>,
): void {
  if (IdleTimeout === 0 || (StreamTimeout !== 0 && StreamTimeout <= IdleTimeout)) return;
  // A little past StreamTimeout, so that the uploader hears why rather than finding its connection closed.
  request.raw.socket.setTimeout(StreamTimeout === 0 ? 0 : (StreamTimeout + 5) * 1000);
}
