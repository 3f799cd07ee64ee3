// HTTP for the ferry client: every route goes through one request function over node:http(s), with bodies
// streamed both ways, and file bodies framed as multipart by hand so that bytes go from disk to socket unbuffered.
import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { FERRY_VERSION } from '../../version.js';
import { CliError, connectionError, httpError, type StatusHints } from './errors.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

export type Headers = Record<string, string | number | undefined>;

export interface RequestOptions {
  method?: string;
  headers?: Headers;
  /** A stream is piped with backpressure: the source is read only as fast as the socket drains. */
  body?: string | AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
  /** Skip TLS certificate checks (self-signed test servers). */
  insecure?: boolean;
}

/** Sends a request; resolves as soon as the answer's headers arrive, whatever its status. */
export function request(url: URL, options: RequestOptions = {}): Promise<HttpResponse> {
  const { method = 'GET', body, signal, insecure } = options;
  const headers: Headers = { 'User-Agent': `ferry/${FERRY_VERSION}`, 'X-ClientApp': 'ferry_cli', 'X-ClientVersion': FERRY_VERSION };
  for (const [name, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[name] = value;
  if (typeof body === 'string') headers['Content-Length'] = Buffer.byteLength(body);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const fail = (err: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      reject(connectionError(err, url) ?? err);
    };
    const req = transport.request(url, { method, headers: headers as http.OutgoingHttpHeaders, signal, rejectUnauthorized: !insecure });
    req.once('error', fail);
    req.once('response', (res) => {
      if (answered) return res.resume();
      answered = true;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    if (body === undefined || typeof body === 'string') {
      req.end(body);
      return;
    }
    // A server may answer (413, 403) before the body is through; then the answer wins over the broken pipe.
    pipeline(body, req).catch((err: NodeJS.ErrnoException) => {
      req.destroy();
      fail(err);
    });
  });
}

/** The whole body as text, up to `limit` bytes: for JSON answers and error messages, never for file bytes. */
export async function readText(response: HttpResponse, limit = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      response.body.destroy();
      throw new CliError(`the server's answer is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Throws the server's error message unless the status is 2xx; `what` says what was being done. */
export async function checkStatus(response: HttpResponse, what: string, hints?: StatusHints): Promise<HttpResponse> {
  if (response.status >= 200 && response.status < 300) return response;
  const redirected = webPageError(response.headers.location);
  if (redirected) {
    response.body.resume();
    throw httpError(redirected.status, redirected.message, what, hints);
  }
  const text = await readText(response, 64 * 1024).catch(() => '');
  let message = text;
  try {
    // Asked with Accept: application/json, Ferry answers {message, status}; Plik answers plain text either way.
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // plain text
  }
  throw httpError(response.status, message, what, hints);
}

/**
 * Plik's server sends a client it does not know (by User-Agent: curl, wget, …) to its web page with the error in
 * the address, `/#/?err=MESSAGE&errcode=STATUS&uri=…`, rather than answering the error: read it there.
 */
function webPageError(location: string | undefined): { status: number; message: string } | undefined {
  const query = location?.match(/\/#\/\?(.*)$/)?.[1];
  if (query === undefined) return undefined;
  const params = new URLSearchParams(query);
  const status = Number(params.get('errcode'));
  const message = params.get('err');
  return message !== null && Number.isInteger(status) && status >= 400 ? { status, message } : undefined;
}

export interface ApiOptions {
  method?: string;
  headers?: Headers;
  body?: RequestOptions['body'];
  signal?: AbortSignal;
  /** What the request does, for error messages: "creating the upload". */
  what: string;
  /** What to do about a status, where this route means something else by it than most. */
  hints?: StatusHints;
}

/** One Plik-compatible server: its base URL (with any path prefix), the user token, TLS leniency. */
export class ServerApi {
  readonly base: string;

  constructor(
    base: string,
    private readonly auth: { token?: string; insecure?: boolean } = {},
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  url(path: string): URL {
    return new URL(`${this.base}${path}`);
  }

  get insecure(): boolean {
    return this.auth.insecure ?? false;
  }

  /**
   * A request to a URL of this server (a route, or one it answered such as a tus upload's Location), with the
   * user token when there is one; the answer whatever its status.
   */
  send(url: URL, options: Omit<ApiOptions, 'what' | 'hints'>): Promise<HttpResponse> {
    const headers: Headers = { Accept: 'application/json', 'X-PlikToken': this.auth.token || undefined, ...options.headers };
    return request(url, { ...options, headers, insecure: this.auth.insecure });
  }

  /** A request to a route of this server; non-2xx answers throw. */
  private async call(path: string, options: ApiOptions): Promise<HttpResponse> {
    return checkStatus(await this.send(this.url(path), options), options.what, options.hints);
  }

  /** The answer's body as text ("ok" for Plik's removals). */
  async text(path: string, options: ApiOptions): Promise<string> {
    return readText(await this.call(path, options));
  }

  async json<T>(path: string, options: ApiOptions): Promise<T> {
    const text = await this.text(path, options);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(`${options.what}: the server did not answer JSON (is ${this.base} a Plik or Ferry server?)`);
    }
  }
}

export interface FilePart {
  name: string;
  type: string;
  body: AsyncIterable<Uint8Array>;
  /** Bytes of `body` when known in advance: the request then has a Content-Length, else it is sent chunked. */
  size?: number;
}

/** A multipart/form-data body with the one field "file" that Plik reads, framed around the streamed bytes. */
export function multipartBody(part: FilePart): { headers: Headers; body: AsyncIterable<Uint8Array> } {
  return multipartForm({}, [part]);
}

/**
 * A multipart/form-data body: text fields first, then each file under the field "file", its bytes streamed one
 * file after the other. Its length is known when every file's size is.
 */
export function multipartForm(fields: Record<string, string>, parts: FilePart[]): { headers: Headers; body: AsyncIterable<Uint8Array> } {
  const boundary = `ferry-${randomBytes(16).toString('hex')}`;
  const fieldText = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  // Quotes and backslashes escaped as Go's mime/multipart does, the way Plik's own client writes file names.
  const heads = parts.map((part, i) =>
    Buffer.from(
      `${i === 0 ? fieldText : '\r\n'}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${part.name.replace(/[\\"]/g, (c) => `\\${c}`)}"\r\nContent-Type: ${part.type}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* framed() {
    for (const [i, part] of parts.entries()) {
      yield heads[i]!;
      yield* part.body;
    }
    yield tail;
  }
  const sizes = parts.map((part) => part.size);
  const known = sizes.every((size): size is number => size !== undefined);
  return {
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': known ? heads.reduce((sum, head) => sum + head.length, tail.length) + sizes.reduce((a, b) => a + b, 0) : undefined,
    },
    body: framed(),
  };
}
