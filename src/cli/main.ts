#!/usr/bin/env -S node --max-semi-space-size=2 --initial-old-space-size=32 --expose-gc
// V8's young generation grows to 32 MiB by default and stays there: 2 MiB semi-spaces hold an idle server ~20 MB
// smaller. With them more objects reach the old generation, whose first limits are then so low that uploads ran
// into back-to-back full GCs (~65 per GiB, a third of the speed) in most runs: a 32 MB initial old space prevents
// that. --expose-gc lets transfers free the chunks they are done with (src/domain/reclaim.ts). npm start, the
// Dockerfile and the bench pass the same flags.
// The `ferry` command: one subcommand per job; `ferry serve` runs the server.
import { Command } from 'commander';
import { FERRY_VERSION } from '../version.js';
import { addClientCommands } from './client/commands.js';
import { migrateDataCommand } from './migrate-data.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';
import { exportCommand, importCommand } from './transfer.js';
import { userCommand } from './user.js';

const program = new Command('ferry').version(FERRY_VERSION).description('Ferry: self-hosted file sharing');
program.addCommand(serveCommand());
program.addCommand(migrateDataCommand());
program.addCommand(exportCommand());
program.addCommand(importCommand());
program.addCommand(userCommand());
program.addCommand(tokenCommand());
addClientCommands(program);
await program.parseAsync(process.argv);
