// Calls to Ferry's API from the page: JSON errors as readable messages, and the XSRF header on every change.
import { apiUrl } from '../base';

export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when Ferry could not be reached at all. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const XSRF_COOKIE = 'plik-xsrf';
const READ_ONLY = new Set(['GET', 'HEAD']);

/** The XSRF secret Ferry set at sign-in; Ferry refuses a signed-in change that does not echo it in X-XSRFToken. */
function xsrfToken(): string | undefined {
  const pair = document.cookie.split('; ').find((cookie) => cookie.startsWith(`${XSRF_COOKIE}=`));
  return pair && decodeURIComponent(pair.slice(XSRF_COOKIE.length + 1));
}

/** Whether this browser holds a session: Ferry sets the XSRF cookie (readable) with the session cookie (not). */
export const hasSession = () => xsrfToken() !== undefined;

/** Headers every request from the page carries: errors in JSON, and the XSRF secret for changes. */
export function baseHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const xsrf = READ_ONLY.has(method) ? undefined : xsrfToken();
  if (xsrf) headers['X-XSRFToken'] = xsrf;
  return headers;
}

/** Base64 of the text's UTF-8 bytes (btoa alone only takes Latin-1). */
export const base64Utf8 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** HTTP Basic credentials, UTF-8 safe. */
export const basicAuth = (login: string, password: string) => `Basic ${base64Utf8(`${login}:${password}`)}`;

/** Ferry's error answer ({message, status} or plain text) as an ApiError. */
export function errorFrom(status: number, body: string): ApiError {
  let message = body.trim();
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // plain text: the message as it is
  }
  return new ApiError(status, message || `request failed (HTTP ${status})`);
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /**
   * 'omit' for requests that may meet a password-protected upload: Ferry answers them 401 with a Basic
   * challenge, and a browser answers a challenge to a request that carries cookies with its own login dialog.
   */
  credentials?: RequestCredentials;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers = { ...baseHeaders(method), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = new URL(apiUrl(path));
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, credentials: options.credentials ?? 'same-origin' });
  } catch {
    throw new ApiError(0, 'Ferry could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  if (!response.ok) throw errorFrom(response.status, text);
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? JSON.parse(text) : text) as T;
}

export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
