#!/usr/bin/env node
// The `ferry` command: one subcommand per job; `ferry serve` runs the server.
import { Command } from 'commander';
import { FERRY_VERSION } from '../version.js';
import { serveCommand } from './serve.js';

const program = new Command('ferry').version(FERRY_VERSION).description('Ferry: self-hosted file sharing');
program.addCommand(serveCommand());
// The other commands' modules (the client's upload, progress bars and prompts among them) cost a running server
// ~1 MB of heap it would never use: `ferry serve` does not load them.
if (process.argv[2] !== 'serve') await addOtherCommands(program);
await program.parseAsync(process.argv);

async function addOtherCommands(program: Command): Promise<void> {
  const [
    { addClientCommands },
    { migrateCommand },
    { migrateDataCommand },
    { tokenCommand },
    { exportCommand, importCommand },
    { importFromCommand },
    { userCommand },
    { inviteCommand },
  ] = await Promise.all([
    import('./client/commands.js'),
    import('./migrate.js'),
    import('./migrate-data.js'),
    import('./token.js'),
    import('./transfer.js'),
    import('./import-from.js'),
    import('./user.js'),
    import('./invite.js'),
  ]);
  program.addCommand(migrateCommand());
  program.addCommand(migrateDataCommand());
  program.addCommand(exportCommand());
  program.addCommand(importCommand());
  program.addCommand(importFromCommand());
  program.addCommand(userCommand());
  program.addCommand(tokenCommand());
  program.addCommand(inviteCommand());
  addClientCommands(program);
}
