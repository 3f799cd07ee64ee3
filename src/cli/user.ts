// `ferry user create|list|show|update|delete`: accounts managed on the metadata store directly, as Plik's
// `plikd user` does, e.g. to create the first administrator. Passwords are never printed.
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { seconds, size } from '../config/schema.js';
import { badRequest } from '../model/errors.js';
import type { User } from '../model/model.js';
import type { UserFields } from '../domain/users.js';
import { toPlikUser } from '../protocol/plik-accounts.js';
import { accountCommand, everyRow, namedUser, printJson, printTable, withServices, type AccountFlags } from './with-services.js';

interface UserFlags extends AccountFlags {
  password?: string;
  name?: string;
  email?: string;
  admin?: boolean;
  maxFileSize?: string;
  maxUserSize?: string;
  maxTtl?: string;
  yes?: boolean;
}

export function userCommand(): Command {
  const user = new Command('user').description('manage user accounts');

  user.addCommand(
    withFields(accountCommand('create', 'create a user')).action((flags: UserFlags) =>
      withServices(flags, async ({ users }) => {
        const login = flags.login;
        if (!login) throw badRequest('missing --login');
        if (flags.provider === 'local' && flags.password === undefined) {
          throw badRequest('missing --password (or --password - to read it from standard input)');
        }
        const created = await users.create({ ...(await fieldsOf(flags)), provider: flags.provider, login });
        if (flags.json) printJson(toPlikUser(created));
        else process.stdout.write(`user ${created.id} created\n`);
      }),
    ),
  );

  user.addCommand(
    accountCommand('list', "list users (--provider to keep one provider's)").action((flags: UserFlags, command: Command) =>
      withServices(flags, async ({ users }) => {
        // Every provider unless --provider was given.
        const filter = command.getOptionValueSource('provider') === 'default' ? {} : { provider: flags.provider };
        const listed = await everyRow((page) => users.list(filter, page));
        if (flags.json) return printJson(listed.map(toPlikUser));
        printTable(
          ['ID', 'NAME', 'EMAIL', 'ADMIN', 'MAX FILE SIZE', 'MAX USER SIZE', 'MAX TTL', 'CREATED'],
          listed.map((u) => [
            u.id,
            u.name,
            u.email,
            u.isAdmin ? 'yes' : 'no',
            limit(u.maxFileSize),
            limit(u.maxUserSize),
            limit(u.maxTtl),
            new Date(u.createdAt).toISOString(),
          ]),
        );
      }),
    ),
  );

  user.addCommand(
    accountCommand('show', 'show a user').action((flags: UserFlags) =>
      withServices(flags, async ({ users }) => show(await users.get(namedUser(flags)), flags.json)),
    ),
  );

  user.addCommand(
    withFields(accountCommand('update', 'change a user: only the options given'))
      .addOption(new Option('--no-admin', 'take administrator rights away'))
      .action((flags: UserFlags) =>
        withServices(flags, async ({ users }) => show(await users.update(namedUser(flags), await fieldsOf(flags)), flags.json)),
      ),
  );

  user.addCommand(
    accountCommand('delete', 'delete a user, and their uploads unless KeepUploadsOfDeletedUsers is set')
      .addOption(new Option('-y, --yes', 'do not ask for confirmation'))
      .action((flags: UserFlags) =>
        withServices(flags, async ({ users }) => {
          const id = namedUser(flags);
          await users.get(id);
          if (!flags.yes && !(await confirm(`Do you really want to delete user ${id} and all their uploads? [y/N] `))) return;
          await users.delete(id);
          process.stdout.write(`user ${id} deleted\n`);
        }),
      ),
  );
  return user;
}

function withFields(command: Command): Command {
  return command
    .addOption(new Option('--password <password>', 'local users: the password, or "-" to read it from standard input'))
    .addOption(new Option('--name <name>'))
    .addOption(new Option('--email <email>'))
    .addOption(new Option('--admin', 'a server administrator'))
    .addOption(new Option('--max-file-size <size>', 'bytes per file, e.g. 1GB; "unlimited"; 0: the server\'s limit'))
    .addOption(new Option('--max-user-size <size>', 'bytes over all the user\'s files; "unlimited"; 0: the server\'s quota'))
    .addOption(new Option('--max-ttl <duration>', "longest upload life, e.g. 7d; -1: none; 0: the server's MaxTTL"));
}

async function fieldsOf(flags: UserFlags): Promise<UserFields> {
  const parsed = (schema: typeof size | typeof seconds, option: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw badRequest(`${option}: ${result.error.issues[0]?.message ?? 'invalid value'}`);
    return result.data;
  };
  return {
    password: flags.password === '-' ? await readLine() : flags.password,
    name: flags.name,
    email: flags.email,
    isAdmin: flags.admin,
    maxFileSize: parsed(size, '--max-file-size', flags.maxFileSize),
    maxUserSize: parsed(size, '--max-user-size', flags.maxUserSize),
    maxTtl: parsed(seconds, '--max-ttl', flags.maxTtl),
  };
}

function show(user: User, json: boolean | undefined): void {
  if (json) return printJson(toPlikUser(user));
  const wire = toPlikUser(user);
  printTable(
    ['FIELD', 'VALUE'],
    Object.entries(wire).map(([field, value]) => [field, String(value)]),
  );
}

/** 0 defers to the server's setting; a negative limit is none. */
const limit = (value: number) => (value === 0 ? 'default' : value < 0 ? 'unlimited' : String(value));

/** The first line of standard input: a password given without it showing in the process list or shell history. */
async function readLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw badRequest('not asking without a terminal: add --yes to delete');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
