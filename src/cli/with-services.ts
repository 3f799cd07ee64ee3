// What the commands that act on accounts share: Ferry's domain services opened on the configured stores (no
// HTTP), domain refusals reported as one line and exit status 1, and the printing of tables and JSON.
import { Command, Option } from 'commander';
import { describeIgnored } from '../config/not-honoured.js';
import { FerryError } from '../model/errors.js';
import type { UserProvider } from '../model/model.js';
import type { Page, Slice } from '../model/paging.js';
import { USER_PROVIDERS } from '../model/model.js';
import { hasAccounts, userId } from '../domain/users.js';
import type { Services } from '../domain/services.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';

export interface AccountFlags extends ConfigFlags {
  login?: string;
  provider: UserProvider;
  json?: boolean;
}

/** A subcommand that names a user by --login and --provider, and can answer in JSON. */
export function accountCommand(name: string, description: string): Command {
  return withConfigOptions(new Command(name))
    .description(description)
    .addOption(new Option('--login <login>', "the user's login"))
    .addOption(new Option('--provider <provider>', "the user's provider").choices(USER_PROVIDERS).default('local'))
    .addOption(new Option('--json', 'answer in JSON, for scripts'));
}

/**
 * Runs `action` with the services open, and closes them after; Ferry's refusals end the command with status 1.
 * As Plik's commands do, refuses to manage accounts on a server where no one can sign in.
 */
export async function withServices(flags: ConfigFlags, action: (services: Services) => Promise<void>): Promise<void> {
  const { config, ignored } = loadCommandConfig(flags);
  if (ignored.length > 0) process.stderr.write(`ferry: ${describeIgnored(ignored)}\n`);
  if (!hasAccounts(config.FeatureAuthentication)) {
    // These commands read the server's config from the same sources as `ferry serve`, not from the running server.
    return fail(
      'authentication is disabled (FeatureAuthentication): users cannot sign in. Give this command the config the server runs with ' +
        '(--config FILE, FERRY_* variables or -o FeatureAuthentication=enabled)',
    );
  }
  // Loaded on use: `ferry --help` and the client commands should not load the server.
  const { openServices } = await import('../server.js');
  const { metadata, services } = await openServices(config);
  try {
    await action(services);
  } catch (err) {
    if (!(err instanceof FerryError)) throw err;
    fail(err.message);
  } finally {
    await metadata.close();
  }
}

function fail(message: string): void {
  process.stderr.write(`ferry: ${message}\n`);
  process.exitCode = 1;
}

/** The user id that --login and --provider name. */
export function namedUser(flags: AccountFlags): string {
  if (!flags.login) throw new FerryError('bad_request', 'missing --login');
  return userId(flags.provider, flags.login);
}

/** Every row of a paged list, oldest first. */
export async function everyRow<T>(list: (page: Page) => Promise<Slice<T>>): Promise<T[]> {
  const rows: T[] = [];
  for (let more = true; more; ) {
    const slice = await list({ offset: rows.length, limit: 500, order: 'asc', sort: 'createdAt' });
    rows.push(...slice.items);
    more = slice.hasMore;
  }
  return rows;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Rows under a header, each column as wide as its widest cell. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}
