// Headers every response carries, so that nothing Ferry serves can be sniffed into script or framed.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The pages the server draws (download page, error pages): the app's stylesheet and icon, a form posting to Ferry, no script. */
export const SERVER_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'no-referrer');
  return payload;
}
