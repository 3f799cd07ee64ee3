// GET and HEAD /hotlink/:fileId/:fileName, and Gokapi's forms /h/:hotlinkId and /hotlink/:hotlinkId (a hotlink id
// is the file's id, with its extension as Gokapi adds one): a file served for embedding elsewhere. Images and
// videos come inline with their type; anything else, types a browser could run (SVG…) included, as bytes to save.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app.js';
import { uploadCredentials } from '../credentials.js';
import { servedAs } from '../download-headers.js';
import { sendFile, sendFileHead, type FileTarget } from './downloads.js';

interface HotlinkParams {
  fileId?: string;
  fileName?: string;
  hotlinkId?: string;
}
type HotlinkRequest = FastifyRequest<{ Params: HotlinkParams }>;

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const schema = {
  tags: ['Downloads'],
  params: { type: 'object', properties: { fileId: text(256), fileName: text(4096), hotlinkId: text(300) } },
  querystring: { type: 'object', properties: { key: { type: 'string', maxLength: 256 } } },
} as const;

export const HOTLINK_ROUTES = ['/hotlink/:fileId/:fileName', '/hotlink/:hotlinkId', '/h/:hotlinkId'];

/** Shown in a page, not saved: what an <img> or a <video> can show. */
const embeddable = (type: string) => servedAs(type).inline && /^(image|video)\//i.test(type);

export async function hotlinkRoutes(app: FastifyInstance, { links, downloads }: Services) {
  const target = async (request: HotlinkRequest): Promise<FileTarget> => {
    const { fileId, fileName, hotlinkId } = request.params;
    // Ids are alphanumeric: what follows the first dot of a hotlink id is its extension.
    const id = fileId ?? hotlinkId?.split('.')[0] ?? '';
    const { access, file } = await links.openHotlink(id, uploadCredentials(request), fileName);
    return { access, file, attachment: !embeddable(file.type) };
  };

  // A hotlink is for anyone, and whatever session cookie a browser sends along with an embedded image is not asked.
  const config = { skipAuthentication: true };
  for (const route of HOTLINK_ROUTES) {
    app.head(route, { schema: { ...schema, summary: "A hotlinked file's headers" }, config }, async (request: HotlinkRequest, reply) => sendFileHead(downloads, reply, await target(request)));
    app.get(route, { schema: { ...schema, summary: 'A file for embedding elsewhere: images and videos inline, anything else to save' }, config }, async (request: HotlinkRequest, reply) => sendFile(downloads, request, reply, await target(request)));
  }
}
