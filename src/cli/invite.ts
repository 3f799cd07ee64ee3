// `ferry invite create|list|revoke`: invitations to make a local account, on the metadata store directly, as
// `ferry token` manages tokens. An invitation is made in the name of a user (--login), under the same rule as on
// the web page (admins, or anyone with InvitationsByUsers); its link needs PlikDomain, the web page's address.
import { Command, Option } from 'commander';
import { stateOf } from '../model/invitations.js';
import { badRequest } from '../model/errors.js';
import { toWireInvitation } from '../protocol/ferry-invitations.js';
import { accountCommand, namedUser, printJson, printTable, withServices, type AccountFlags } from './with-services.js';

interface InviteFlags extends AccountFlags {
  email?: string;
  note?: string;
  ttl?: string;
  id?: string;
}

export function inviteCommand(): Command {
  const invite = new Command('invite').description('invite people to make a local account');

  invite.addCommand(
    accountCommand(
      'create',
      'make an invitation in the name of the user --login and print its link (emailed too with --email, when SMTP is set)',
    )
      .addOption(new Option('--email <address>', 'where to email the link; prefilled as the account’s address'))
      .addOption(new Option('--note <text>', 'a note, in the email and the list'))
      .addOption(new Option('--ttl <seconds>', 'how long it lasts, 60 s to 30 days (7 days by default)'))
      .action((flags: InviteFlags) =>
        withServices(flags, async ({ users, invitations }) => {
          const ttl = flags.ttl === undefined ? undefined : Number(flags.ttl);
          const created = await invitations.create(await users.get(namedUser(flags)), { email: flags.email, note: flags.note, ttl });
          // The link alone, so that a script can capture it: nothing shows its token again.
          if (flags.json) printJson({ ...created, invitation: toWireInvitation(created.invitation, 'pending') });
          else process.stdout.write(`${created.link}\n`);
        }),
      ),
  );

  invite.addCommand(
    accountCommand('list', 'list invitations, newest first (an admin --login: everyone’s)').action((flags: InviteFlags) =>
      withServices(flags, async ({ users, invitations }) => {
        const now = Date.now();
        const all = (await invitations.list(await users.get(namedUser(flags)))).map((i) => toWireInvitation(i, stateOf(i, now)));
        if (flags.json) return printJson(all);
        printTable(
          ['ID', 'STATE', 'EMAIL', 'BY', 'EXPIRES', 'USED BY', 'NOTE'],
          all.map((i) => [i.id, i.state, i.email, i.createdBy, i.expireAt, i.usedBy ?? '', i.note]),
        );
      }),
    ),
  );

  invite.addCommand(
    accountCommand('revoke', 'revoke an unused invitation; its link stops working at once')
      .addOption(new Option('--id <id>', 'the invitation, as `invite list` shows it'))
      .action((flags: InviteFlags) =>
        withServices(flags, async ({ users, invitations }) => {
          if (!flags.id) throw badRequest('missing --id');
          await invitations.revoke(await users.get(namedUser(flags)), flags.id);
          process.stdout.write(`invitation ${flags.id} revoked\n`);
        }),
      ),
  );
  return invite;
}
