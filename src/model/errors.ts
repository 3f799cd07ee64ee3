// The one error type the domain throws: a kind (what went wrong, in client terms) and a client-safe message.
// http/errors.ts is the only place that turns a kind into an HTTP status.

export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_acceptable'
  | 'conflict'
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
  ) {
    super(message);
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
