// GET /api/openapi.json from a real Ferry: a valid OpenAPI 3.1 document that lists every route the server
// registered, each in one of the document's groups, and that carries none of the server's secrets.
import { randomBytes } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_BRANDING } from '../../src/config/branding.js';
import { httpOptionsOf } from '../../src/http/http-options.js';
import { API_TAGS } from '../../src/http/routes/api-document.js';
import type { MetadataStore } from '../../src/metadata/store.js';
import { openServices } from '../../src/server.js';
import { createTestStorage, type TestStorage } from '../helpers/ferry.js';

/**
 * Routes left out of the document, on purpose: the built page's files (hashed names under /assets/, the installed
 * app's icons under /icons/, served by @fastify/static) and the reference page's own (Swagger UI's HTML, scripts and its copy of the document).
 * They are files for a browser, not an API.
 */
const NOT_DOCUMENTED = [/^\/assets\/\*$/, /^\/icons\/\*$/, /^\/api\/docs(\/.*)?$/];

const SECRETS = {
  EncryptionKey: randomBytes(32).toString('base64'),
  OIDCClientSecret: `oidc-${randomBytes(12).toString('hex')}`,
  GoogleApiSecret: `google-${randomBytes(12).toString('hex')}`,
  GitHubApiSecret: `github-${randomBytes(12).toString('hex')}`,
  OvhApiSecret: `ovh-${randomBytes(12).toString('hex')}`,
  SecretAccessKey: `s3-${randomBytes(12).toString('hex')}`,
};

let storage: TestStorage;
let metadata: MetadataStore;
let app: FastifyInstance;
let url: string;
/** "METHOD /path" of every route Fastify registered, in OpenAPI's path syntax. */
const registered = new Set<string>();

beforeAll(async () => {
  storage = await createTestStorage();
  const { config } = loadConfig({
    flags: {
      ListenAddress: '127.0.0.1',
      ListenPort: 0,
      LogLevel: 'silent',
      ...storage.options,
      ...SECRETS,
      Encryption: 'server',
      OIDCProviderURL: 'http://127.0.0.1:9/',
      OIDCClientID: 'ferry',
      GoogleApiClientID: 'ferry',
      GitHubApiClientID: 'ferry',
      OvhApiKey: 'ferry',
    },
  });
  const services = await openServices(config);
  metadata = services.metadata;
  app = buildApp(services.services, httpOptionsOf(config, services.data, DEFAULT_BRANDING), pino({ level: 'silent' }));
  // Before listen() loads the plugins: the hook then sees the routes of every one of them.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.add(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await app?.close();
  await metadata?.close();
  await storage?.release();
});

type Operation = { tags?: string[]; summary?: string };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function fetchDocument(): Promise<{ text: string; document: Document }> {
  const response = await fetch(`${url}/api/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await response.text();
  return { text, document: JSON.parse(text) as Document };
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const { document } = await fetchDocument();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every registered route but the browser files, each with a summary, in one of its groups', async () => {
    const { document } = await fetchDocument();
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const expected = [...registered].filter((route) => !NOT_DOCUMENTED.some((pattern) => pattern.test(route.split(' ')[1]!)));
    // The routes a browser's files come from are there to be left out: the list above is not stale.
    expect(expected.length).toBeLessThan(registered.size);
    expect([...registered].some((route) => route === 'GET /assets/*')).toBe(true);
    expect(expected.filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !registered.has(route))).toEqual([]);

    const groups = new Set(API_TAGS.map((tag) => tag.name));
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ route: `${method} ${path}`, op })),
    );
    expect(operations.filter(({ op }) => op.tags?.length !== 1 || !groups.has(op.tags[0]!)).map(({ route }) => route)).toEqual([]);
    expect(operations.filter(({ op }) => !op.summary).map(({ route }) => route)).toEqual([]);
  });

  it("describes Plik's, Gokapi's and Ferry's shapes, the bodies the routes read themselves included", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the document's JSON wherever the spot-checks go
    const { document } = (await fetchDocument()) as unknown as { document: { paths: Record<string, Record<string, any>> } };
    const created = document.paths['/upload']!.post;
    expect(Object.keys(created.requestBody.content)).toEqual(['application/json']);
    expect(created.requestBody.content['application/json'].schema.properties.oneshot.type).toBe('boolean');
    expect(created.responses['200'].content['application/json'].schema.properties.uploadToken.type).toBe('string');
    expect(Object.keys(document.paths['/file/{uploadId}']!.post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(document.paths['/api/files/add']!.post.requestBody.content['multipart/form-data'].schema.properties).toHaveProperty(
      'expiryDays',
    );
    expect(document.paths['/config']!.get.responses['200'].content['application/json'].schema.properties.feature_stream.enum).toEqual([
      'enabled',
      'disabled',
      'forced',
      'default',
    ]);
    expect(document.paths['/me/activity']!.get.responses['200'].content['application/json'].schema.properties.days.type).toBe('array');
  });

  it('says per route which credentials it takes, and which need a user', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the document's JSON wherever the spot-checks go
    const { document } = (await fetchDocument()) as unknown as { document: { paths: Record<string, Record<string, any>> } };
    const securityOf = (method: string, path: string) =>
      (document.paths[path]![method].security ?? []).map((option: object) => Object.keys(option).join('+') || 'anonymous');
    expect(securityOf('post', '/upload')).toEqual(['plikToken', 'session', 'uploadToken', 'uploadPassword', 'anonymous']);
    expect(securityOf('post', '/file/{uploadId}')).toEqual(['plikToken', 'session', 'uploadToken', 'anonymous']);
    expect(securityOf('get', '/file/{uploadId}/{fileId}/{fileName}')).toContain('uploadPassword');
    // A user token reads one's account; changing it takes the web page's session.
    expect(securityOf('get', '/me')).toEqual(['plikToken', 'session']);
    expect(securityOf('post', '/me/password')).toEqual(['session']);
    expect(securityOf('get', '/users')).toEqual(['session']);
    expect(securityOf('get', '/api/files/list')).toEqual(['gokapiApiKey']);
    expect(securityOf('get', '/config')).toEqual([]);
    // Every scheme a route names is declared.
    const schemes = Object.keys((document as unknown as { components: { securitySchemes: object } }).components.securitySchemes);
    const named = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => (op.security ?? []).flatMap((option: object) => Object.keys(option))),
    );
    expect(named.filter((name) => !schemes.includes(name))).toEqual([]);
  });

  it("carries none of the server's secrets", async () => {
    const { text } = await fetchDocument();
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), name).toBe(false);
  });

  it('is also the one the reference page at /api/docs reads, under the web page CSP', async () => {
    const page = await fetch(`${url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe/);
    const copy = await (await fetch(`${url}/api/docs/json`)).json();
    expect(copy).toEqual((await fetchDocument()).document);
  });
});
