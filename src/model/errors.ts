// The one error type the domain throws: a kind (what went wrong, in client terms) and a client-safe message.
// http/errors.ts is the only place that turns a kind into an HTTP status.

export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_acceptable'
  | 'conflict'
  /** What the request names existed, and is no more (an invitation used, expired or revoked). */
  | 'gone'
  /** A condition the request set does not hold (tus: a protocol version the server does not speak). */
  | 'precondition_failed'
  | 'unsupported_media_type'
  /** The bytes do not match the checksum sent with them (tus's checksum extension). */
  | 'checksum_mismatch'
  | 'too_large'
  /** A virus scanner found the file infected. */
  | 'infected'
  | 'range_not_satisfiable'
  | 'too_many_requests'
  | 'timeout'
  | 'unavailable'
  | 'internal';

export class FerryError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Seconds after which trying again may succeed (429, 503): sent as Retry-After. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FerryError';
  }
}

export const badRequest = (message: string) => new FerryError('bad_request', message);
export const unauthorized = (message: string) => new FerryError('unauthorized', message);
export const forbidden = (message: string) => new FerryError('forbidden', message);
export const notFound = (message: string) => new FerryError('not_found', message);
export const notAcceptable = (message: string) => new FerryError('not_acceptable', message);
export const tooLarge = (message: string) => new FerryError('too_large', message);
export const conflict = (message: string) => new FerryError('conflict', message);
export const gone = (message: string) => new FerryError('gone', message);

/** Seconds a client is told to wait before trying again when a store is out of reach (a restart takes about as long). */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * A store Ferry depends on (the metadata database, the bucket) is out of reach: nothing is wrong with the request,
 * and the same request may succeed once the store is back (503 with Retry-After). `cause` keeps the driver's error.
 */
export const storeUnavailable = (store: string, cause: unknown) =>
  new FerryError('unavailable', `${store} is unavailable, try again in a moment`, STORE_RETRY_AFTER_SECONDS, { cause });

/** Errors of a socket to a store's server (refused, reset, timed out, no route): the server is out of reach. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function socketFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && SOCKET_CODES.has(code);
}
