// GET and HEAD /preview/:uploadId/:fileId/:fileName: a look at a file for the share page, never a download. Only
// files whose downloads are not counted have one; what it sends cannot run on Ferry's origin: texts of every kind
// (HTML and code among them) as plain text, media under a sandbox, and nothing the page's frames could not hold.
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTextual, type Preview } from '../../domain/previews.js';
import type { UploadAccess } from '../../domain/uploads.js';
import type { UploadFile } from '../../model/model.js';
import { PREVIEW_TEXT_BYTES, type PreviewKind } from '../../model/previews.js';
import { ACCEPTS_USER_TOKEN } from '../auth/authenticate.js';
import { uploadCredentials } from '../credentials.js';
import type { HttpOptions, RouteServices } from '../http-options.js';
import { requestedRange } from './downloads.js';
import { fileParams, linkKey, type FileParams } from './params.js';
import { Type, type Static } from 'typebox';

const previewQuery = Type.Object({ key: linkKey });
type PreviewRoute = { Params: FileParams; Querystring: Static<typeof previewQuery> };

/** Set on a text's preview that holds only the start of the file. */
const TRUNCATED_HEADER = 'X-Preview-Truncated';

/**
 * A sandbox (no script, no form, an origin of its own) for whatever a browser opens the preview as: an image or a
 * player loads its own bytes, the PDF viewer needs nothing more. Framed only by Ferry's page.
 */
function previewCsp(http: Pick<HttpOptions, 'plikDomain'>): string {
  const page = http.plikDomain ? ` ${new URL(http.plikDomain).origin}` : '';
  return `default-src 'none'; img-src 'self'; media-src 'self'; sandbox; frame-ancestors 'self'${page}`;
}

export async function previewRoutes(app: FastifyInstance, { uploads, files, previews, links, http }: RouteServices) {
  const target = async (request: FastifyRequest<PreviewRoute>) => {
    const { uploadId, fileId, fileName } = request.params;
    const access = await uploads.open(uploadId, uploadCredentials(request));
    const file = await files.find(access, fileId, fileName);
    return { access, file, ...previews.check(access, file) };
  };

  const setHeaders = (reply: FastifyReply, { access, file, kind, type }: Served) => {
    reply
      .type(type)
      .header('Content-Disposition', contentDisposition(file.name, { type: 'inline' }))
      .header('Content-Security-Policy', previewCsp(http))
      // Whoever may see it, a shared cache must not keep it for another.
      .header('Cache-Control', 'private, no-cache');
    // Hotlink protection holds for previews too: another site cannot show them (DownloadDomain: a sibling may).
    if (!links.hotlinkable(access.upload, access.linkSecret !== undefined))
      reply.header('Cross-Origin-Resource-Policy', http.downloadDomain ? 'same-site' : 'same-origin');
    if (!isTextual(kind)) reply.header('Accept-Ranges', 'bytes');
  };

  const config = { ...ACCEPTS_USER_TOKEN, jsonErrors: true };
  const schema = { tags: ['Downloads'], params: fileParams, querystring: previewQuery };

  app.head<PreviewRoute>(
    '/preview/:uploadId/:fileId/:fileName',
    { schema: { ...schema, summary: "A file's preview headers" }, config },
    async (request, reply) => {
      const served = await target(request);
      setHeaders(reply, served);
      const length = isTextual(served.kind) ? Math.min(served.file.size, PREVIEW_TEXT_BYTES) : served.file.size;
      if (length > 0) reply.header('Content-Length', length);
      return reply.send();
    },
  );

  app.get<PreviewRoute>(
    '/preview/:uploadId/:fileId/:fileName',
    {
      schema: {
        ...schema,
        summary: 'A look at a file, never counted as a download: media by Range, the start of a text as plain text',
        description:
          'Refused (403) for one-shot, stream, download-limited and end-to-end encrypted files, 415 for a type without a preview. ' +
          `A text, Markdown or JSON file sends its first ${PREVIEW_TEXT_BYTES / 1024} KiB at most, with ${TRUNCATED_HEADER}: true when it has more.`,
      },
      config,
    },
    async (request, reply) => {
      const served = await target(request);
      setHeaders(reply, served);
      const range = isTextual(served.kind) ? undefined : requestedRange(request.headers.range, served.file);
      return sendPreview(reply, served.file, await previews.open(served.access, served.file, range));
    },
  );
}

interface Served {
  access: UploadAccess;
  file: UploadFile;
  kind: PreviewKind;
  type: string;
}

function sendPreview(reply: FastifyReply, file: UploadFile, preview: Preview): FastifyReply {
  if (preview.range) reply.code(206).header('Content-Range', `bytes ${preview.range.start}-${preview.range.end}/${file.size}`);
  if (preview.truncated) reply.header(TRUNCATED_HEADER, 'true');
  if (preview.length > 0) reply.header('Content-Length', preview.length);
  return reply.send(preview.body);
}
