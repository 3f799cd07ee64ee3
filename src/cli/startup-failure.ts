// Why `ferry serve` could not start, as one line for the admin: a taken port, an unreachable database or bucket, a
// template that does not compile. The stack helps only who debugs Ferry itself, so it follows only at LogLevel debug.
import type { Config } from '../config/schema.js';

/** Node's codes for what stops a server from listening, said in words. */
const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is in use by another program (ListenPort)',
  EACCES: 'permission denied: ports below 1024 need privileges (ListenPort)',
  EADDRNOTAVAIL: 'this machine has no such address (ListenAddress)',
};

export function describeStartupFailure(err: unknown, config: Pick<Config, 'ListenAddress' | 'ListenPort'>): string {
  const { code, message } = err as NodeJS.ErrnoException;
  const listening = code === undefined ? undefined : LISTEN_FAILURES[code];
  if (listening) return `cannot listen on ${config.ListenAddress}:${config.ListenPort}: ${listening}`;
  return `could not start: ${message ?? String(err)}`;
}
