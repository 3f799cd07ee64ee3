// Headers every response carries, so that nothing Ferry serves can be sniffed into script or framed.
import type { FastifyReply, FastifyRequest } from 'fastify';

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'no-referrer');
  return payload;
}
