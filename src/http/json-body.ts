// JSON bodies as browsers and scripts send them: an empty body with a JSON Content-Type (a DELETE from fetch) is no body.
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../model/errors.js';

export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (typeof body !== 'string' || body.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch (err) {
      done(badRequest(`invalid JSON body : ${(err as Error).message}`), undefined);
    }
  });
}
