// GET and HEAD /hotlink/:fileId/:fileName, and Gokapi's forms /h/:hotlinkId and /hotlink/:hotlinkId (a hotlink id
// is the file's id, with its extension as Gokapi adds one): a file served for embedding elsewhere. Images and
// videos come inline with their type; anything else, types a browser could run (SVG…) included, as bytes to save.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { uploadCredentials } from '../credentials.js';
import { servedAs } from '../download-headers.js';
import type { RouteServices } from '../http-options.js';
import { sendFile, sendFileHead, type FileTarget } from './downloads.js';
import { linkKey } from './params.js';

const fileId = Type.String({ minLength: 1, maxLength: 256 });
const fileName = Type.String({ minLength: 1, maxLength: 4096 });
const hotlinkId = Type.String({
  minLength: 1,
  maxLength: 300,
  description: "The file's id, and its extension as Gokapi adds one",
  examples: ['Gx7bDyPdqc3yJhRE.png'],
});

/** Each route's parameters: a file by its id and name, or by Gokapi's hotlink id. */
const HOTLINK_ROUTES = {
  '/hotlink/:fileId/:fileName': Type.Object({ fileId, fileName }),
  '/hotlink/:hotlinkId': Type.Object({ hotlinkId }),
  '/h/:hotlinkId': Type.Object({ hotlinkId }),
};
type HotlinkRequest = FastifyRequest<{ Params: Partial<Record<'fileId' | 'fileName' | 'hotlinkId', string>> }>;
const querystring = Type.Object({ key: linkKey });

/** Shown in a page, not saved: what an <img> or a <video> can show. */
const embeddable = (type: string) => servedAs(type).inline && /^(image|video)\//i.test(type);

export async function hotlinkRoutes(app: FastifyInstance, { links, downloads, http }: RouteServices) {
  const target = async (request: HotlinkRequest): Promise<FileTarget> => {
    const { fileId, fileName, hotlinkId } = request.params;
    // Ids are alphanumeric: what follows the first dot of a hotlink id is its extension.
    const id = fileId ?? hotlinkId?.split('.')[0] ?? '';
    const { access, file } = await links.openHotlink(id, uploadCredentials(request), fileName);
    return { access, file, attachment: !embeddable(file.type) };
  };

  // A hotlink is for anyone, and whatever session cookie a browser sends along with an embedded image is not asked.
  const config = { skipAuthentication: true };
  for (const [route, params] of Object.entries(HOTLINK_ROUTES)) {
    const schema = { tags: ['Downloads'], params, querystring };
    app.head(route, { schema: { ...schema, summary: "A hotlinked file's headers" }, config }, async (request: HotlinkRequest, reply) =>
      sendFileHead(downloads, reply, await target(request)),
    );
    app.get(
      route,
      { schema: { ...schema, summary: 'A file for embedding elsewhere: images and videos inline, anything else to save' }, config },
      async (request: HotlinkRequest, reply) => sendFile({ downloads, http }, request, reply, await target(request)),
    );
  }
}
