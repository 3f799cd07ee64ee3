#!/usr/bin/env node
// The `ferry` command: one subcommand per job; `ferry serve` runs the server.
import { Command } from 'commander';
import { FERRY_VERSION } from '../version.js';
import { addClientCommands } from './client/commands.js';
import { migrateCommand } from './migrate.js';
import { migrateDataCommand } from './migrate-data.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';
import { exportCommand, importCommand } from './transfer.js';
import { userCommand } from './user.js';

const program = new Command('ferry').version(FERRY_VERSION).description('Ferry: self-hosted file sharing');
program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(migrateDataCommand());
program.addCommand(exportCommand());
program.addCommand(importCommand());
program.addCommand(userCommand());
program.addCommand(tokenCommand());
addClientCommands(program);
await program.parseAsync(process.argv);
