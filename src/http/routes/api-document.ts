// GET /api/openapi.json, the OpenAPI 3.1 document of every route, built by @fastify/swagger from the routes' own
// schemas; and /api/docs, Swagger UI's reference page on it, served from the package (nothing is fetched
// elsewhere). The document says what the routes are, never how this server is configured: no option's value
// goes into it.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { FERRY_VERSION } from '../../version.js';
import { PUBLIC_ROUTE } from '../auth/authenticate.js';
import { SESSION_COOKIE } from '../auth/cookies.js';
import { PAGE_CSP } from './web.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A body the route reads itself (Plik's lenient JSON, multipart forms), described in the document only:
     * Fastify neither parses nor validates it by this schema.
     */
    documentedBody?: { contentType: string; schema: TSchema };
  }
}

/** The groups of the document, in the order the reference page lists them. */
export const API_TAGS = [
  { name: 'Server', description: "Plik's: what a client asks before it uploads" },
  { name: 'Uploads', description: "Plik's: an upload holds files, with its terms (ttl, oneShot, password…)" },
  { name: 'Files', description: "Plik's: adding and removing an upload's files; POST / is the quick upload for curl" },
  {
    name: 'Resumable uploads',
    description:
      "Ferry's: tus 1.0.0 (creation, creation-with-upload, expiration, checksum, termination); a file of an upload, sent in pieces that survive a drop",
  },
  { name: 'Downloads', description: "Plik's file, stream and archive routes; Gokapi's hotlinks and download page; Pingvin Share's links" },
  { name: 'Gokapi API', description: "Gokapi's API, with a Ferry user token in the apikey header" },
  { name: 'Sign-in', description: 'Sessions for the web page; scripts send X-PlikToken instead' },
  { name: 'Account', description: "The signed-in user's account, tokens and uploads (Plik's), password, profile and activity (Ferry's)" },
  {
    name: 'Notifications',
    description: "Ferry's: webhooks (signed calls on events) and their delivery logs, an upload's emails (docs/notifications.md)",
  },
  {
    name: 'File requests',
    description:
      "Ferry's: links through which anyone sends a user files (reverse shares); /me/requests for their owner, /r/:id for senders",
  },
  {
    name: 'Two-factor',
    description: "Ferry's TOTP two-factor: enrolment, the sign-in's second step after the password, an admin's reset",
  },
  {
    name: 'Invitations',
    description: "Ferry's: links that create one local account each, made by an admin (or a user, with InvitationsByUsers)",
  },
  { name: 'Admin', description: "Server admins only: users, every upload, stats (Plik's) and activity (Ferry's)" },
  { name: 'Web pages', description: 'The browser app: HTML pages, not JSON' },
  { name: 'API document', description: 'This document' },
];

/**
 * Registers the document's collector on `app` (it must be there before the routes, to see each one as it is
 * added) and the document's own routes.
 */
export function registerApiDocument(app: FastifyInstance): void {
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ferry',
        version: FERRY_VERSION,
        description:
          "Self-hosted file sharing with Plik's REST API and Gokapi's. Plik's routes answer errors as plain text, " +
          "Ferry's own (marked so) and Gokapi's as JSON.",
      },
      tags: API_TAGS,
      components: {
        securitySchemes: {
          plikToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-PlikToken',
            description: "A user's token: upload routes and reading one's own account",
          },
          uploadToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-UploadToken',
            description: "An upload's token, from the answer to its creation: changes that upload",
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: "The web page's session; a change also needs the X-XSRFToken header",
          },
          gokapiApiKey: { type: 'apiKey', in: 'header', name: 'apikey', description: "Gokapi's API: a Ferry user token" },
          uploadPassword: { type: 'http', scheme: 'basic', description: "A password-protected upload's login and password" },
        },
      },
    },
    exposeHeadRoutes: true,
    transform: ({ schema, url, route }) => {
      const body = route.config?.documentedBody;
      const security = securityOf(route.config ?? {}, (schema?.tags as string[] | undefined)?.[0]);
      return {
        url,
        schema: { ...schema, ...(body && { body: body.schema, consumes: [body.contentType] }), ...(security && { security }) },
      };
    },
  });
  app.register(apiDocumentRoutes);
}

type Security = Record<string, string[]>[];

/** What opens an upload beside a user: its token to change it, its password (Basic) to read a protected one. */
const UPLOAD_CREDENTIALS_OF_GROUP: Record<string, Security> = {
  Uploads: [{ uploadToken: [] }, { uploadPassword: [] }],
  Files: [{ uploadToken: [] }],
  Downloads: [{ uploadPassword: [] }],
};

/**
 * Who may call a route, as authenticate.ts decides it from the route's options, and what else its group's routes
 * take. `{}` marks a route anonymous visitors may call too (where the server allows anonymous uploads); account
 * and admin routes need a user. Gokapi's API checks its own apikey header; public routes take nothing.
 */
function securityOf(config: { skipAuthentication?: boolean; acceptsUserToken?: boolean }, group: string | undefined): Security | undefined {
  if (group === 'Gokapi API') return [{ gokapiApiKey: [] }];
  const upload = UPLOAD_CREDENTIALS_OF_GROUP[group ?? ''] ?? [];
  const user: Security = config.skipAuthentication
    ? []
    : config.acceptsUserToken
      ? [{ plikToken: [] }, { session: [] }]
      : [{ session: [] }];
  const needsUser = group === 'Account' || group === 'Admin';
  const security = [...user, ...upload, ...(needsUser ? [] : [{}])];
  return security.length > 1 || needsUser ? security : undefined;
}

async function apiDocumentRoutes(app: FastifyInstance) {
  app.get(
    '/api/openapi.json',
    {
      schema: {
        tags: ['API document'],
        summary: 'This OpenAPI 3.1 document',
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'An OpenAPI 3.1 document' }) },
      },
      config: PUBLIC_ROUTE,
    },
    async () => app.swagger(),
  );

  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, ...PUBLIC_ROUTE };
    });
    docs.addHook('onSend', async (_request, reply, payload) => {
      reply.header('Content-Security-Policy', PAGE_CSP);
      return payload;
    });
    // The app's own CSP, no exception: BaseLayout leaves out the top bar, whose Swagger logo is the one thing that
    // brings an inline <style>; the rest is Swagger UI's files and styles set from its script.
    await docs.register(fastifySwaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { layout: 'BaseLayout', deepLinking: true },
      theme: { title: 'Ferry API' },
    });
  });
}
