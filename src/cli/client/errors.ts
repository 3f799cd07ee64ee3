// What the ferry client tells its user when something fails: one message, no stack trace, and an exit code.

/** A failure explained in the user's words; the command prints `ferry: <message>` and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** The HTTP status of the answer that failed, when a server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Exit code of a command stopped by Ctrl-C, as shells report a process killed by SIGINT. */
export const INTERRUPTED = 130;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the server closed the connection',
  ECONNABORTED: 'the connection was aborted',
  EPIPE: 'the server closed the connection',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate (--insecure skips the check)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in chain (--insecure skips the check)',
  CERT_HAS_EXPIRED: 'certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate cannot be verified (--insecure skips the check)',
};

/**
 * A request that got no answer because of the connection: which server, and why in a few words. Undefined for
 * other failures (a file that cannot be read, an abort), which keep their own message.
 */
export function connectionError(err: NodeJS.ErrnoException, url: URL): CliError | undefined {
  const reason = NETWORK_REASONS[err.code ?? ''];
  return reason === undefined ? undefined : new CliError(`cannot reach ${url.origin}: ${reason}`);
}

export type StatusHints = Partial<Record<number, string>>;

/** GET /me and /me/uploads: a 401 there is about the server, not a password. */
export const ACCOUNT_HINTS: StatusHints = {
  401: 'this server takes no user token on /me: Plik before 1.4 accepts only its web session there. Uploads with --token work all the same',
};

const HINTS: StatusHints = {
  401: 'the upload is protected by a password: give it with --password login:password',
  403: 'check the token (ferry login, --token) or the upload token',
  404: 'no such upload or file: it may have expired or been removed',
  413: 'the file is larger than the server accepts',
};

/** An answer with an error status: the server's own message, and a hint at what to do about it. */
export function httpError(status: number, message: string, what: string, hints: StatusHints = {}): CliError {
  const hint = hints[status] ?? HINTS[status];
  const said = message.trim() || `status ${status}`;
  return new CliError(`${what} failed (${status}): ${said}${hint ? `\n  ${hint}` : ''}`, 1, status);
}
