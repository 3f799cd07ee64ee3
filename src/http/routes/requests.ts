// File requests: their owner's routes (/me/requests), and the link's (/r/:id, /request/:id) through which anyone who
// holds it sends files. A user token may manage requests, as it may make uploads: `ferry request create` sends one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Sender, Submission } from '../../domain/file-requests.js';
import { badRequest } from '../../model/errors.js';
import { E2EE_SCHEMES, type E2eeScheme } from '../../model/model.js';
import { FERRY_ROUTE } from '../../protocol/ferry-account.js';
import {
  FileRequestSchema,
  NewFileRequestSchema,
  PublicFileRequestSchema,
  SenderFormSchema,
  SentSchema,
  type NewFileRequestBody,
  type SentWire,
} from '../../protocol/ferry-requests.js';
import { toFileRequestWire, toPublicFileRequest } from '../../protocol/file-requests.js';
import { ACCEPTS_USER_TOKEN, PUBLIC_ROUTE, requireUser } from '../auth/authenticate.js';
import { basicCredentials } from '../credentials.js';
import { acceptMultipart, partsOf } from '../multipart.js';
import { publicBase } from '../public-url.js';
import type { RouteServices } from '../http-options.js';

const tags = ['File requests'];
const requestParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type RequestParams = Static<typeof requestParams>;

export async function requestRoutes(app: FastifyInstance, { http, requests }: RouteServices) {
  await acceptMultipart(app);
  const owner = { ...FERRY_ROUTE, ...ACCEPTS_USER_TOKEN };
  const linksOf = (request: FastifyRequest) => ({ base: publicBase(request, http) });

  app.post<{ Body: NewFileRequestBody }>(
    '/me/requests',
    {
      schema: { tags, summary: "Ferry's: ask for files through a link", body: NewFileRequestSchema, response: { 200: FileRequestSchema } },
      config: owner,
    },
    async (request) => toFileRequestWire(await requests.create(requireUser(request), request.body), linksOf(request)),
  );

  app.get(
    '/me/requests',
    {
      schema: { tags, summary: "Ferry's: the user's file requests, newest first", response: { 200: Type.Array(FileRequestSchema) } },
      config: owner,
    },
    async (request) => (await requests.list(requireUser(request))).map((r) => toFileRequestWire(r, linksOf(request))),
  );

  app.get<{ Params: RequestParams }>(
    '/me/requests/:id',
    {
      schema: {
        tags,
        summary: "Ferry's: one file request with what each sender sent",
        params: requestParams,
        response: { 200: FileRequestSchema },
      },
      config: owner,
    },
    async (request) => {
      const fileRequest = await requests.owned(requireUser(request), request.params.id);
      return toFileRequestWire(fileRequest, linksOf(request), await requests.received(fileRequest));
    },
  );

  app.post<{ Params: RequestParams }>(
    '/me/requests/:id/close',
    {
      schema: {
        tags,
        summary: "Ferry's: close a file request: it takes no more files",
        params: requestParams,
        response: { 200: FileRequestSchema },
      },
      config: owner,
    },
    async (request) => toFileRequestWire(await requests.close(requireUser(request), request.params.id), linksOf(request)),
  );

  app.delete<{ Params: RequestParams }>(
    '/me/requests/:id',
    { schema: { tags, summary: "Ferry's: delete a file request and the uploads it received", params: requestParams }, config: owner },
    async (request, reply) => {
      await requests.delete(requireUser(request), request.params.id);
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  );

  // The public side: who sends is nobody's account (the uploads are the requester's), so no cookie or token is read.
  const sender = { ...FERRY_ROUTE, ...PUBLIC_ROUTE };
  app.get<{ Params: RequestParams }>(
    '/request/:id',
    {
      schema: {
        tags,
        summary: "Ferry's: a file request as its link shows it, while it takes files",
        params: requestParams,
        response: { 200: PublicFileRequestSchema },
      },
      config: sender,
    },
    async (request) => toPublicFileRequest(await requests.open(request.params.id)),
  );

  // The link itself opens the web page, which lives at /r?id= (a page one folder deep finds its assets).
  app.get<{ Params: RequestParams }>(
    '/r/:id',
    { schema: { tags, summary: "Ferry's: a file request's link: its web page", params: requestParams }, config: sender },
    async (request, reply) => reply.redirect(`../r?id=${encodeURIComponent(request.params.id)}`, 302),
  );

  const send = async (request: FastifyRequest<{ Params: RequestParams }>): Promise<SentWire> => {
    const fields: Record<string, string> = {};
    let submission: Submission | undefined;
    try {
      for await (const part of partsOf(request)) {
        if (part.type === 'field') {
          if (submission) throw badRequest(`the ${part.fieldname} field must come before the files`);
          fields[part.fieldname] = String(part.value);
          continue;
        }
        submission ??= await requests.submit(request.params.id, senderOf(request, fields));
        await submission.receive({ name: part.filename, type: part.mimetype, body: part.file });
      }
    } finally {
      await submission?.end();
    }
    if (!submission) throw badRequest('missing file from multipart form');
    return { files: submission.received.map((f) => ({ name: f.name, size: f.size })) };
  };
  const sendSchema = {
    tags,
    summary: "Ferry's: send files to a file request (multipart: name, email, password, e2ee fields, then the files)",
    params: requestParams,
    response: { 200: SentSchema },
  };
  const sendConfig = { ...sender, documentedBody: { contentType: 'multipart/form-data', schema: SenderFormSchema } };
  app.post('/request/:id', { schema: sendSchema, config: sendConfig }, send);
  app.post(
    '/r/:id',
    { schema: { ...sendSchema, summary: 'The same, at the link itself (curl -F file=@x <link>)' }, config: sendConfig },
    send,
  );
}

/** The sender's fields; the password may also come as HTTP Basic auth's (curl -u :secret). */
function senderOf(request: FastifyRequest, fields: Record<string, string>): Sender {
  const e2ee = fields.e2ee || undefined;
  if (e2ee !== undefined && !(E2EE_SCHEMES as readonly string[]).includes(e2ee)) throw badRequest('invalid e2ee: age, or none');
  return {
    name: fields.name,
    email: fields.email,
    password: fields.password || basicCredentials(request.headers.authorization)?.password,
    e2ee: e2ee as E2eeScheme | undefined,
    remoteIp: request.ip,
  };
}
