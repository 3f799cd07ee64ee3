// GET /branding, /branding.css and /branding/logo: BrandingFile's look, for the web app and the pages the server
// draws. Read once at start: a changed file takes a restart, so each is asked again at each page load (no-cache).
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../model/errors.js';
import { BrandingSchema } from '../../protocol/ferry-branding.js';
import { PUBLIC_ROUTE } from '../auth/authenticate.js';
import { BRANDING_LOGO, BRANDING_STYLESHEET, brandingCss, publicBranding } from '../branding.js';
import type { RouteServices } from '../http-options.js';

const tags = ['Server'];

/** An SVG logo opened on its own must not run what it holds; as an <img> it never does. */
const LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export async function brandingRoutes(app: FastifyInstance, { http }: RouteServices) {
  const { branding } = http;
  const shown = publicBranding(branding);
  const css = brandingCss(branding);

  app.get(
    '/branding',
    {
      schema: { tags, summary: "The pages' name, logo, footer and stylesheet (BrandingFile)", response: { 200: BrandingSchema } },
      config: PUBLIC_ROUTE,
    },
    async (_request, reply) => reply.header('Cache-Control', 'no-cache').send(shown),
  );
  app.get(
    `/${BRANDING_STYLESHEET}`,
    { schema: { tags, summary: "BrandingFile's colours and custom CSS, as a stylesheet" }, config: PUBLIC_ROUTE },
    async (_request, reply) => reply.header('Cache-Control', 'no-cache').type('text/css; charset=utf-8').send(css),
  );
  app.get(
    `/${BRANDING_LOGO}`,
    { schema: { tags, summary: "BrandingFile's logo, when it is a file" }, config: PUBLIC_ROUTE },
    async (_request, reply) => {
      if (branding.logo?.kind !== 'file') throw notFound('no logo file in BrandingFile');
      return reply
        .header('Cache-Control', 'no-cache')
        .header('Content-Security-Policy', LOGO_CSP)
        .type(branding.logo.type)
        .send(branding.logo.bytes);
    },
  );
}
