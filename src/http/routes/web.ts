// The browser app: index.html at each page path (/, /d, /login, /account, /admin, /cli-auth) and the built assets under
// /assets/, all under a strict Content-Security-Policy. The pages' own paths are never API paths, so scripts
// asking /upload/:id, /me or /users keep getting JSON. /d is download-page.ts's route, which answers with this
// app's page (sendWebPage) unless the id is a file's or the admin has a download page template of their own.
// Another app from a folder (WebappDirectory) is served as files instead, and Ferry's assets move aside for it.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Branding } from '../../config/branding.js';
import { withLogoOrigin } from '../branding.js';
import { ferryAssetsPath, type WebApp } from '../web-app.js';
import { pwaRoutes } from './pwa.js';

/** Where `npm run build:web` puts the app; the same path from src/ (tests, tsx) and from dist/ (the package). */
export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

export const PAGE_PATHS = ['/', '/login', '/account', '/admin', '/cli-auth', '/r', '/invite'];

/** Scripts, styles and connections from Ferry only, no inline code, images also from data: and blob: URLs. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of a page that shows previews (GET /preview): the app's, with images, players and the PDF viewer's
 * frame from Ferry, or from the download domain when DownloadDomain puts them there.
 */
export function withPreviews(csp: string, downloadURL: string): string {
  const sources = downloadURL ? `'self' ${new URL(downloadURL).origin}` : "'self'";
  const directives = csp.split('; ');
  const images = directives.find((d) => d.startsWith('img-src '))?.replace("'self'", sources) ?? `img-src ${sources}`;
  const others = directives.filter((d) => !/^(img|media|frame)-src /.test(d));
  return [...others, images, `media-src ${sources}`, `frame-src ${sources}`].join('; ');
}

export const webAppBuilt = () => existsSync(`${WEB_ROOT}index.html`);

/** What a page needs to look like the app: its stylesheets and icon, as paths under /assets/. */
export interface AppLook {
  stylesheets: string[];
  /** The high-contrast theme's, for when the system asks for more contrast. */
  highContrast: string | null;
  icon: string | null;
}

/**
 * The built app's stylesheets and icon, read from Vite's manifest, for the pages the server draws (download page,
 * error pages): one stylesheet for the app and those pages, served under `assetsPath`. Nothing without a build:
 * those pages are then plain.
 */
export function appLook(assetsPath: string): AppLook {
  const manifest = `${WEB_ROOT}.vite/manifest.json`;
  if (!existsSync(manifest)) return { stylesheets: [], highContrast: null, icon: null };
  const chunks = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { file: string; css?: string[] }>;
  const served = (file: string) => file.replace(/^assets\//, assetsPath);
  const icon = chunks['app/favicon.svg']?.file;
  const highContrast = chunks['app/high-contrast.css']?.file;
  return {
    stylesheets: (chunks['index.html']?.css ?? []).map(served),
    highContrast: highContrast ? served(highContrast) : null,
    icon: icon ? served(icon) : null,
  };
}

/**
 * The app's page, here and for a route outside this plugin (download-page.ts's /d, with previews). It names the assets of this
 * build, so a browser asks again each time (no-cache): cached for good, it would load a previous build's names.
 */
export function sendWebPage(reply: FastifyReply, branding: Branding, csp = PAGE_CSP): FastifyReply {
  reply
    .header('Cache-Control', 'no-cache')
    .header('Content-Security-Policy', withLogoOrigin(csp, branding))
    .type('text/html; charset=utf-8');
  return reply.send(createReadStream(`${WEB_ROOT}index.html`));
}

/** Ferry's app with its pages, another app's folder, or (NoWebInterface) only the assets the server's own pages use. */
interface WebOptions {
  webApp: WebApp;
  branding: Branding;
  downloadURL: string;
}

export async function webRoutes(app: FastifyInstance, { webApp, branding, downloadURL }: WebOptions) {
  // The pages must load whatever stale session cookie the browser holds; the app itself then clears it.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, skipAuthentication: true };
  });
  if (webApp.kind === 'folder') await app.register(serveFolderApp, { folder: webApp.folder });
  if (webApp.kind === 'ferry' && webApp.unusable)
    app.log.warn(`WebappDirectory ${webApp.unusable} holds no index.html: Ferry serves its own web app`);
  if (!webAppBuilt()) {
    app.log.warn(`no web app in ${WEB_ROOT}: run "npm run build:web" to serve it`);
    return;
  }
  await app.register(serveFerryApp, { webApp, branding, downloadURL });
}

async function serveFerryApp(app: FastifyInstance, { webApp, branding, downloadURL }: WebOptions) {
  // Any of the page's views may show an upload, with the previews of its files.
  const pageCsp = withPreviews(PAGE_CSP, downloadURL);
  const csp = withLogoOrigin(pageCsp, branding);
  // This scope only: the API's responses, and another app's, keep their own headers.
  app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('Content-Security-Policy', csp);
    return payload;
  });
  // File names carry a content hash: a new build means new names, so they can be cached for good.
  await app.register(fastifyStatic, {
    root: `${WEB_ROOT}assets`,
    prefix: `/${ferryAssetsPath(webApp)}`,
    immutable: true,
    maxAge: '365d',
    index: false,
  });

  // The installable app is Ferry's own: beside another app, its manifest and worker would take that app's place.
  if (webApp.kind === 'ferry') await app.register(pwaRoutes, { root: WEB_ROOT, branding });

  for (const path of webApp.kind === 'ferry' ? PAGE_PATHS : []) {
    app.get(
      path,
      { schema: { tags: ['Web pages'], summary: `The web app's page${path === '/' ? ' (upload)' : ` ${path}`}` } },
      async (request, reply) => {
        // Under a Path prefix, /ferry must become /ferry/ for the page's relative asset URLs to resolve.
        if (path === '/' && !request.url.split('?')[0]!.endsWith('/'))
          return reply.redirect(`${request.url.replace(/(\?|$)/, '/$1')}`, 301);
        // Not reply.sendFile: it would give the page the assets' year-long, immutable Cache-Control.
        return sendWebPage(reply, branding, pageCsp);
      },
    );
  }
}

/**
 * Another web app, as files from its folder at the server's root (index.html for a folder), as Plik serves its
 * own. It keeps its own policies: Ferry's Content-Security-Policy is written for Ferry's app and would break it.
 */
async function serveFolderApp(app: FastifyInstance, { folder }: { folder: string }) {
  // Its files change with its next deployment, under the same names: asked again each time.
  app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('Cache-Control', 'no-cache');
    return payload;
  });
  await app.register(fastifyStatic, { root: folder, prefix: '/', index: 'index.html', cacheControl: false });
}
