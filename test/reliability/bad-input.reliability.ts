// Bad input: a generated corpus (fast-check) of odd requests against every route, signed in and not. A client's
// mistake gets a 4xx, never a 5xx; the server never goes down; nothing is written outside the data folder.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, basicAuth, createUpload, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { signIn, type Session } from '../helpers/session.js';
import { tally } from './tally.js';

const RUNS = Number(process.env.FERRY_BAD_INPUT_RUNS ?? 2500);

let parent: string;
let ferry: TestFerry;
let seed: {
  upload: UploadJson;
  file: FileJson;
  locked: UploadJson;
  lockedFile: FileJson;
  linked: UploadJson & { downloadKey?: string };
  session: Session;
  token: string;
};

beforeAll(async () => {
  // The data folder alone in a folder of its own: anything written beside it would show.
  parent = await mkdtemp(path.join(tmpdir(), 'ferry-bad-input-'));
  const dataDir = path.join(parent, 'data');
  await mkdir(dataDir);
  ferry = await startTestFerry(
    { FeatureAuthentication: 'enabled', CleanupInterval: 3600 },
    { storage: await createTestStorage({ dataDir }) },
  );
  // The storage was made here and is held by the server too: one release for each, the last one drops it.
  await ferry.storage.release();
  await ferry.services.users.create({ provider: 'local', login: 'fuzzadmin', password: 'fuzz-password', isAdmin: true });
  const session = await signIn(ferry.url, 'fuzzadmin', 'fuzz-password');
  const token = (
    (await (await fetch(`${ferry.url}/me/token`, { method: 'POST', headers: session.write, body: '{}' })).json()) as { token: string }
  ).token;
  const upload = await createUpload(ferry.url, { comments: 'seed' });
  const file = await addFile(ferry.url, upload, 'seed bytes', 'seed.txt');
  const locked = await createUpload(ferry.url, { login: 'user', password: 'pass' });
  const lockedFile = await addFile(ferry.url, locked, 'locked bytes', 'locked.txt');
  const linked = (await (await fetch(`${ferry.url}/upload`, { method: 'POST', body: '{"encryption":"link"}' })).json()) as UploadJson & {
    downloadKey?: string;
  };
  seed = { upload, file, locked, lockedFile, linked, session, token };
});

afterAll(async () => {
  await ferry?.close();
  await rm(parent, { recursive: true, force: true });
});

/** Strings a header can carry: fetch refuses control characters but the tab, and anything past ASCII here. */
const headerText = fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((s) => s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ''));

const oddText = fc.oneof(
  fc.constantFrom(
    '',
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    '%ff',
    '%',
    '%%',
    '%zz',
    '~',
    '*',
    '😀',
    'é',
    '\u202e',
    '<script>alert(1)</script>',
    "'; drop table files; --",
    'a'.repeat(300),
    'b'.repeat(5000),
    'null',
    'undefined',
    '-1',
    '0',
    '1e309',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    'CON',
    'nul.txt',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** A path segment: the raw odd text (possibly malformed percent-encoding) or properly encoded text. */
const segment = fc.oneof(
  oddText.map((s) => s.replace(/[/?#\s]/g, '')),
  oddText.map((s) => encodeURIComponent(s)),
);

function pathArbitrary() {
  const id = fc.oneof(fc.constantFrom(seed.upload.id, seed.locked.id, seed.linked.id, seed.file.id, seed.lockedFile.id), segment);
  const fileRef = fc
    .tuple(
      fc.constantFrom('file', 'stream'),
      fc.constantFrom([seed.upload.id, seed.file.id, 'seed.txt'], [seed.locked.id, seed.lockedFile.id, 'locked.txt']),
      fc.tuple(segment, segment, segment),
      fc.nat(3),
    )
    .map(([mode, real, odd, oddPart]) => `/${mode}/${real.map((part, i) => (i === oddPart ? odd[i] : part)).join('/')}`);
  return fc.oneof(
    fc.constantFrom(
      '/',
      '/upload',
      '/config',
      '/version',
      '/health',
      '/me',
      '/me/token',
      '/me/uploads',
      '/me/stats',
      '/users',
      '/uploads',
      '/stats',
      '/user',
      '/me/password',
      '/me/profile',
      '/me/activity',
      '/activity',
      '/auth/local/login',
      '/auth/logout',
      '/auth/oidc/login',
      '/auth/oidc/callback',
      '/api/files/list',
      '/api/files/add',
      '/api/files/delete',
      '/d',
      '/qrcode',
      '//',
      '/./upload',
      '/../../etc/passwd',
      '/upload/',
      '/file',
      '/archive',
      '/assets/../../package.json',
    ),
    id.map((i) => `/upload/${i}`),
    id.map((i) => `/file/${i}`),
    fileRef,
    fc.tuple(id, segment).map(([i, name]) => `/archive/${i}/${name}`),
    fc.tuple(id, segment).map(([i, name]) => `/hotlink/${i}/${name}`),
    id.map((i) => `/h/${i}`),
    id.map((i) => `/user/${i}`),
    id.map((i) => `/me/token/${i}`),
    id.map((i) => `/api/files/list/${i}`),
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
  );
}

const query = fc.option(
  fc
    .dictionary(
      fc.constantFrom(
        'key',
        'dl',
        'url',
        'size',
        'limit',
        'order',
        'before',
        'after',
        'user',
        'token',
        'id',
        'password',
        'redirect',
        'state',
        'code',
        'days',
        'x',
      ),
      oddText,
      { maxKeys: 4 },
    )
    .map((q) => `?${new URLSearchParams(q).toString()}`),
  { nil: '' },
);

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record(
      {
        oneShot: fc.jsonValue(),
        stream: fc.jsonValue(),
        removable: fc.jsonValue(),
        ttl: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(1e308)),
        login: oddText,
        password: oddText,
        comments: oddText,
        files: fc.jsonValue(),
        maxDownloads: fc.jsonValue(),
        encryption: fc.jsonValue(),
        provider: oddText,
        isAdmin: fc.jsonValue(),
        maxFileSize: fc.jsonValue(),
        comment: fc.jsonValue(),
        id: fc.jsonValue(),
        fileName: oddText,
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.constantFrom(
    '{',
    '[',
    '"',
    '{"a":',
    'nul',
    '[1,2',
    '{"__proto__":{"isAdmin":true}}',
    '{"files":{"x":{"fileName":"../../x"}}}',
    '[]',
    'null',
    '0',
    '""',
  ),
  fc.nat({ max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constant(`{"comments":"${'x'.repeat(1_200_000)}"}`),
);

/** Multipart bodies, well-formed and not: names, boundaries, truncation, several parts. */
const multipartBody = fc
  .tuple(
    fc.constantFrom('b0undary', 'x', '', '--', 'a'.repeat(100)),
    fc.array(
      fc.record({
        field: fc.constantFrom('file', 'other', '', 'FILE'),
        name: oddText,
        content: fc.string({ maxLength: 200 }),
        type: fc.option(headerText, { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    fc.boolean(),
    fc.nat(50),
    fc.nat(3),
  )
  .map(([boundary, parts, close, cut, typeChoice]) => {
    let body = parts
      .map(
        (p) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.name}"\r\n${p.type === undefined ? '' : `Content-Type: ${p.type}\r\n`}\r\n${p.content}\r\n`,
      )
      .join('');
    if (close) body += `--${boundary}--\r\n`;
    if (cut > 0) body = body.slice(0, Math.max(0, body.length - cut));
    const types = [
      `multipart/form-data; boundary=${boundary}`,
      'multipart/form-data',
      'multipart/mixed; boundary=x',
      `multipart/form-data; boundary="${boundary}"`,
    ];
    return { body, type: types[typeChoice] };
  });

function requestArbitrary() {
  const auth = fc.record({
    uploadToken: fc.option(fc.oneof(fc.constant(seed.upload.uploadToken!), headerText), { nil: undefined }),
    authorization: fc.option(
      fc.oneof(
        fc.constant(basicAuth('user', 'pass')),
        headerText.map((s) => `Basic ${s}`),
        headerText.map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
        headerText,
      ),
      { nil: undefined },
    ),
    plikToken: fc.option(fc.oneof(fc.constant(seed.token), headerText), { nil: undefined }),
    cookie: fc.option(
      fc.oneof(
        fc.constant(seed.session.read.Cookie!),
        headerText.map((s) => `plik-session=${s}`),
        headerText,
      ),
      { nil: undefined },
    ),
    xsrf: fc.option(fc.oneof(fc.constant(seed.session.write['X-XSRFToken']!), headerText), { nil: undefined }),
    range: fc.option(
      fc.oneof(
        fc.constantFrom('bytes=0-1', 'bytes=5-2', 'bytes=-0', 'bytes=0-', 'bytes=99999999-', 'bytes=0-1,2-3', 'items=1-2'),
        headerText,
      ),
      { nil: undefined },
    ),
    accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*'), { nil: undefined }),
    paging: fc.option(fc.oneof(fc.json(), headerText), { nil: undefined }),
    impersonate: fc.option(fc.oneof(fc.constant('local:fuzzadmin'), headerText), { nil: undefined }),
    fileKey: fc.option(headerText, { nil: undefined }),
  });
  const body = fc.oneof(
    fc.constant({ body: undefined as string | undefined, type: undefined as string | undefined }),
    fc
      .tuple(jsonBody, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined))
      .map(([b, type]) => ({ body: b, type })),
    multipartBody,
    fc.tuple(fc.string({ maxLength: 500 }), headerText).map(([b, type]) => ({ body: b, type })),
  );
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    path: pathArbitrary(),
    query,
    auth,
    body,
  });
}

type FuzzRequest = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never;

async function send(r: FuzzRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  const { auth } = r;
  if (auth.uploadToken !== undefined) headers['X-UploadToken'] = auth.uploadToken;
  if (auth.authorization !== undefined) headers.Authorization = auth.authorization;
  if (auth.plikToken !== undefined) headers['X-PlikToken'] = auth.plikToken;
  if (auth.cookie !== undefined) headers.Cookie = auth.cookie;
  if (auth.xsrf !== undefined) headers['X-XSRFToken'] = auth.xsrf;
  if (auth.range !== undefined) headers.Range = auth.range;
  if (auth.accept !== undefined) headers.Accept = auth.accept;
  if (auth.paging !== undefined) headers['X-Plik-Paging'] = auth.paging;
  if (auth.impersonate !== undefined) headers['X-Plik-Impersonate'] = auth.impersonate;
  if (auth.fileKey !== undefined) headers['X-Ferry-Key'] = auth.fileKey;
  if (r.body.type !== undefined) headers['Content-Type'] = r.body.type;
  const withBody = r.body.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
  const response = await fetch(`${ferry.url}${r.path}${r.query}`, {
    method: r.method,
    headers,
    body: withBody ? r.body.body : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, text: (await response.text()).slice(0, 300) };
}

describe('a generated corpus of bad requests against every route', () => {
  it('never gets a 5xx, never takes the server down, never writes outside the data folder', async (context) => {
    const failures: string[] = [];
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(requestArbitrary(), async (r) => {
        tried++;
        let outcome: { status: number; text: string };
        try {
          outcome = await send(r);
        } catch (err) {
          outcome = { status: 0, text: `no answer: ${(err as Error).message} ${String((err as Error).cause ?? '')}` };
        }
        // Only the server's own trouble is a 5xx; a client's mistake, however odd, is not.
        if (outcome.status >= 500 || outcome.status === 0) {
          failures.push(
            `${outcome.status} ${r.method} ${r.path}${r.query} ${JSON.stringify({ auth: r.auth, type: r.body.type, body: r.body.body?.slice(0, 200) })} → ${outcome.text}`,
          );
        }
        return true;
      }),
      { numRuns: RUNS },
    );
    tally(context, 'inputs', tried);

    expect(failures.slice(0, 15), `${failures.length} of ${tried} requests got a 5xx or no answer`).toEqual([]);
    expect((await fetch(`${ferry.url}/health`)).status).toBe(200);
    // Only the data folder beside nothing, and in it only the database and files at their places.
    expect(await readdir(parent)).toEqual(['data']);
    const stored = await ferry.storedFiles();
    const unexpected = stored.filter(
      (f) => !/^([\w.-]+\.db(-wal|-shm|-journal)?|files\/\w{2}\/\w{16}\/\w{16})$/.test(f.split(path.sep).join('/')),
    );
    expect(unexpected).toEqual([]);
  });
});
