// The installable app: its web manifest (named after the brand, with Web Share Target), its icons and the service
// worker, all at the server's Path so that the worker's scope is Ferry's pages (and nothing beside them on the host).
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Branding } from '../../config/branding.js';

const tags = ['Web pages'];

/** The app's icons, as `npm run build:web` copies them from src/web/public/icons (PNGs: scripts/render-icons.ts). */
const ICONS = [
  { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
];

const ManifestSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  short_name: Type.String(),
  start_url: Type.String(),
  scope: Type.String(),
  display: Type.String(),
  theme_color: Type.String(),
  background_color: Type.String(),
  icons: Type.Array(Type.Object({ src: Type.String(), sizes: Type.String(), type: Type.String(), purpose: Type.String() })),
  share_target: Type.Object({
    action: Type.String(),
    method: Type.String(),
    enctype: Type.String(),
    params: Type.Object({
      title: Type.String(),
      text: Type.String(),
      url: Type.String(),
      files: Type.Array(Type.Object({ name: Type.String(), accept: Type.Array(Type.String()) })),
    }),
  }),
});

/** URLs relative to the manifest's own, which is at the server's Path: the same answer at / and under /ferry/. */
export function webManifest(branding: Branding) {
  return {
    id: './',
    name: branding.name,
    short_name: branding.name.length <= 12 ? branding.name : branding.name.slice(0, 12).trim(),
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: branding.colors.primary ?? '#0a4f96',
    background_color: '#f6f7f9',
    icons: ICONS,
    // "Share → Ferry": the service worker takes the POST at `share` under its scope, every file of it, and hands them
    // to the upload page (web/sw/service-worker.ts); the page is not built with the server, hence no shared name.
    share_target: {
      action: 'share',
      method: 'POST',
      enctype: 'multipart/form-data',
      params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['*/*'] }] },
    },
  };
}

export async function pwaRoutes(app: FastifyInstance, { root, branding }: { root: string; branding: Branding }) {
  const manifest = webManifest(branding);
  app.get(
    '/manifest.webmanifest',
    { schema: { tags, summary: "The installable app's web manifest, named after the brand", response: { 200: ManifestSchema } } },
    async (_request, reply) => reply.header('Cache-Control', 'no-cache').type('application/manifest+json; charset=utf-8').send(manifest),
  );
  // Asked again at each visit, so that a new build's worker replaces the old one.
  app.get(
    '/sw.js',
    { schema: { tags, summary: "The app's service worker: the offline shell and the share target" } },
    async (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('sw.js', root),
  );
  await app.register(fastifyStatic, { root: `${root}icons`, prefix: '/icons/', decorateReply: false, maxAge: '1d', index: false });
}
