// Pingvin Share's links, for shares brought in by `ferry import-from pingvin`: /s/<id> and /share/<id> open the
// share's page, /api/shares/<id>/files/<fileId> the file's. The import keeps a share's id where it is one of
// Ferry's (letters and digits) and makes a file's from its UUID without the dashes (src/import/pingvin/links.ts),
// so each link maps to its page without a table; one that names nothing Ferry has gets the page's own 404.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';

const shareId = Type.String({ minLength: 1, maxLength: 64, description: "The share's id on Pingvin Share" });
const shareParams = Type.Object({ shareId });
const fileParams = Type.Object({
  shareId,
  fileId: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "The file's UUID on Pingvin Share",
    examples: ['0f8fad5b-d9cb-469f-a165-70867728950e'],
  }),
});

const tags = ['Downloads'];
// Anyone's links: nobody needs to be signed in, as for the page they lead to.
const config = { skipAuthentication: true };

export async function pingvinLinkRoutes(app: FastifyInstance) {
  for (const route of ['/s/:shareId', '/share/:shareId']) {
    app.get<{ Params: Static<typeof shareParams> }>(
      route,
      { schema: { tags, summary: "A Pingvin Share link to a share: the imported upload's page", params: shareParams }, config },
      // Relative, as a page one folder deep finds the root under a Path prefix.
      async (request, reply) => reply.redirect(`../d?id=${encodeURIComponent(request.params.shareId)}`, 302),
    );
  }
  app.get<{ Params: Static<typeof fileParams> }>(
    '/api/shares/:shareId/files/:fileId',
    { schema: { tags, summary: "A Pingvin Share link to a file: the imported file's page", params: fileParams }, config },
    async (request, reply) => reply.redirect(`../../../../d?id=${encodeURIComponent(request.params.fileId.replaceAll('-', ''))}`, 302),
  );
}
