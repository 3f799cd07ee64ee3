// `ferry token create|list|revoke`: a user's upload tokens (X-PlikToken), managed on the metadata store directly,
// as Plik's `plikd token` does; `delete` is Plik's name for revoke.
import { Command, Option } from 'commander';
import { badRequest } from '../model/errors.js';
import { TOKEN_PREFIX_LENGTH } from '../domain/tokens.js';
import { toPlikToken } from '../protocol/plik-accounts.js';
import { accountCommand, everyRow, namedUser, printJson, printTable, withServices, type AccountFlags } from './with-services.js';

interface TokenFlags extends AccountFlags {
  comment?: string;
  token?: string;
}

export function tokenCommand(): Command {
  const token = new Command('token').description("manage users' upload tokens");

  token.addCommand(
    accountCommand('create', 'create an upload token for a user and print it')
      .addOption(new Option('--comment <comment>', 'what the token is for'))
      .action((flags: TokenFlags) =>
        withServices(flags, async ({ users, tokens }) => {
          const created = await tokens.create(await users.get(namedUser(flags)), flags.comment ?? '');
          // The token alone, so that a script can capture it.
          if (flags.json) printJson(toPlikToken(created));
          else process.stdout.write(`${created.value}\n`);
        }),
      ),
  );

  token.addCommand(
    accountCommand('list', "list a user's upload tokens").action((flags: TokenFlags) =>
      withServices(flags, async ({ users, tokens }) => {
        const user = await users.get(namedUser(flags));
        const all = await everyRow((page) => tokens.list(user, page));
        if (flags.json) return printJson(all.map(toPlikToken));
        // Only a token's first characters are kept in clear: enough to recognise it, and to revoke it with.
        printTable(
          ['TOKEN', 'COMMENT', 'CREATED'],
          all.map((t) => [`${t.prefix}…`, t.comment, new Date(t.createdAt).toISOString()]),
        );
      }),
    ),
  );

  token.addCommand(
    accountCommand('revoke', "revoke one of a user's upload tokens; it stops working at once")
      .alias('delete')
      .addOption(
        new Option(
          '--token <token>',
          'the token to revoke (its user then need not be named), or its first characters as `token list` shows them, with --login',
        ),
      )
      .action((flags: TokenFlags) =>
        withServices(flags, async ({ users, tokens }) => {
          if (!flags.token) throw badRequest('missing --token');
          if (!flags.login && flags.token.length === TOKEN_PREFIX_LENGTH)
            throw badRequest("a token's first characters name it only with --login");
          const owner = flags.login ? await users.get(namedUser(flags)) : await tokens.ownerOf(flags.token);
          await tokens.revoke(owner, flags.token);
          process.stdout.write(`token ${flags.token} revoked\n`);
        }),
      ),
  );
  return token;
}
