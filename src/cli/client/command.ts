// What every client subcommand shares: the server options (--server, --token, --insecure) over the settings file,
// and the action wrapper that turns failures into one line on stderr and an exit code.
import type { Command } from 'commander';
import { loadClientConfig, type ClientConfig } from './config.js';
import { CliError } from './errors.js';
import { ServerApi } from './http.js';

export interface ServerFlags {
  server?: string;
  token?: string;
  insecure?: boolean;
}

export function withServerOptions(command: Command): Command {
  return command
    .option('--server <url>', 'the Ferry or Plik server (default: URL in ~/.ferryrc, else ~/.plikrc)')
    .option('--token <token>', 'user token, sent as X-PlikToken (default: Token in the settings)')
    .option('--insecure', "do not check the server's TLS certificate");
}

/** The settings with the command's flags over them, and the server to talk to. */
export async function connect(flags: ServerFlags): Promise<{ config: ClientConfig; api: ServerApi }> {
  const config = await loadClientConfig();
  const url = serverUrl(flags.server ?? config.url);
  const api = new ServerApi(url, { token: flags.token ?? config.token, insecure: flags.insecure || config.insecure });
  return { config, api };
}

/** A server address as typed: http:// is assumed when no scheme is given, as Plik's client does. */
export function serverUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`not a server URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`not an http(s) URL: ${text}`);
  return url.toString().replace(/\/+$/, '');
}

/** Runs an action; a failure prints `ferry: message` (no stack trace: it is the user's problem, said in their words). */
export function run<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    // `ferry list | head`: a reader that stops early is no failure.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
    try {
      await action(...args);
    } catch (err) {
      process.stderr.write(`ferry: ${(err as Error).message}\n`);
      process.exit(err instanceof CliError ? err.exitCode : 1);
    }
  };
}

/** Plik's --password: "login:password", or a password alone for the login "plik". */
export function splitCredentials(text: string): [login: string, password: string] {
  const colon = text.indexOf(':');
  return colon > 0 ? [text.slice(0, colon), text.slice(colon + 1)] : ['plik', text];
}

export function basicAuthorization(credentials: string): string {
  const [login, password] = splitCredentials(credentials);
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}
