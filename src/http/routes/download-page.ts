// GET and POST /d?id=: the download page of a Gokapi link, rendered on the server. The id is a file's (the links
// the Gokapi API hands out) or an upload's (the web app's share links). Who draws which page:
// - an admin's templates/download.html in DataDir draws every one of them;
// - otherwise the web app, when it is built, draws every page but a file's (it knows uploads only, and shows
//   its own "not found");
// - Ferry's own template draws the rest: a file's page always, an upload's page when there is no web app.
// A password-protected page asks the password in a form that POSTs it (nothing lands in the URL); the right one
// answers with the file itself (several files: a zip).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { FerryError, notFound } from '../../model/errors.js';
import type { PageTarget, UnlockedPage } from '../../domain/links.js';
import type { UploadFile } from '../../model/model.js';
import { uploadCredentials } from '../credentials.js';
import { setDownloadHeaders } from '../download-headers.js';
import { DownloadPage, downloadPagePath, pageView, type PageLinks, type PageView } from '../download-page.js';
import { pageLanguage, type PageLanguage } from '../page-language.js';
import type { PageRenderer } from '../page-renderer.js';
import { publicBase } from '../public-url.js';
import { sendDownload, sendFile } from './downloads.js';
import { linkKey } from './params.js';
import { PAGE_CSP, sendWebPage, webAppBuilt, withPreviews } from './web.js';
import type { RouteServices } from '../http-options.js';

const pageQuery = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "A file's id (the Gokapi API's links) or an upload's" })),
  key: linkKey,
});
type PageQuery = Static<typeof pageQuery>;
type PageRequest = FastifyRequest<{ Querystring: PageQuery; Body: URLSearchParams | undefined }>;

const PagePasswordSchema = Type.Object({ password: Type.String() });

const schema = { tags: ['Downloads'], querystring: pageQuery };

export async function downloadPageRoutes(app: FastifyInstance, { http, links, downloads, pages }: RouteServices & { pages: PageRenderer }) {
  const page = DownloadPage.load(http.templateFolder, pages);
  const webApp = http.webApp.kind === 'ferry' && webAppBuilt();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );

  const pageLinks = (request: PageRequest, target: PageTarget): PageLinks => {
    const { key } = request.query;
    const id = target.file?.id ?? target.upload.id;
    const keyParam = key === undefined ? '' : `key=${encodeURIComponent(key)}`;
    const base = publicBase(request, http);
    const { upload } = target;
    const path = (file: UploadFile) => `${upload.id}/${file.id}/${encodeURIComponent(file.name)}`;
    return {
      formAction: downloadPagePath(http.basePath, id, key),
      fileUrl: (file: UploadFile) => `${base}/${upload.stream ? 'stream' : 'file'}/${path(file)}?dl=1${keyParam && `&${keyParam}`}`,
      previewUrl: (file: UploadFile) => `${base}/preview/${path(file)}${keyParam && `?${keyParam}`}`,
      archiveUrl: `${base}/archive/${upload.id}/${encodeURIComponent(`ferry-${upload.id}`)}.zip?dl=1${keyParam && `&${keyParam}`}`,
    };
  };

  const render = (reply: FastifyReply, view: PageView, language: PageLanguage) => {
    // The words follow Accept-Language: caches must keep a page per language (no-store keeps none anyway).
    reply.header('Cache-Control', 'no-store').header('Vary', 'Accept-Language').type('text/html; charset=utf-8');
    if (!page.custom) reply.header('Content-Security-Policy', withPreviews(pages.csp, http.downloadURL));
    return reply.send(page.render(view, language));
  };

  const targetOf = (request: PageRequest) => {
    if (!request.query.id) throw notFound('missing id');
    return links.pageTarget(request.query.id);
  };

  // Nobody needs to be signed in for a page, and a stale session cookie must not stand in the way of a download.
  const routeConfig = { skipAuthentication: true };

  app.get(
    '/d',
    { schema: { ...schema, summary: 'The download page of a Gokapi link or a share link (HTML)' }, config: routeConfig },
    async (request: PageRequest, reply) => {
      const { id } = request.query;
      if (webApp && !page.custom && !(id && (await links.namesFile(id))))
        return sendWebPage(reply, http.branding, withPreviews(PAGE_CSP, http.downloadURL));
      const target = await targetOf(request);
      const opened = await links.openPage(target, uploadCredentials(request));
      const language = pageLanguage(request);
      return render(reply, pageView(target, opened, pageLinks(request, target), language), language);
    },
  );

  app.post(
    '/d',
    {
      schema: { ...schema, summary: "A protected page's password (form field password): the file, or a zip of the files" },
      config: { ...routeConfig, documentedBody: { contentType: 'application/x-www-form-urlencoded', schema: PagePasswordSchema } },
    },
    async (request: PageRequest, reply) => {
      const target = await targetOf(request);
      const password = request.body?.get('password') ?? '';
      let unlocked: UnlockedPage;
      try {
        unlocked = await links.unlockPage(target, uploadCredentials(request), password);
      } catch (err) {
        if (!(err instanceof FerryError && err.kind === 'unauthorized')) throw err;
        const language = pageLanguage(request);
        return render(reply.code(401), pageView(target, { locked: true }, pageLinks(request, target), language, true), language);
      }
      const { access, files } = unlocked;
      const [only] = files;
      if (files.length > 1) {
        setDownloadHeaders(reply, { name: `ferry-${access.upload.id}.zip`, type: 'application/zip', attachment: true, noCache: true });
        return sendDownload(reply, await downloads.archive(access));
      }
      if (!only) throw notFound(`upload ${access.upload.id} has no file to download`);
      return sendFile({ downloads, http }, request, reply, { access, file: only, attachment: true });
    },
  );
}
