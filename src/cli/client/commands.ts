// The client's subcommands on the `ferry` program. Upload is the default one: `ferry notes.txt` and
// `… | ferry` upload, as `plik notes.txt` does.
import type { Command } from 'commander';
import { deleteCommand } from './delete.js';
import { downloadCommand } from './download.js';
import { infoCommand } from './info.js';
import { listCommand } from './list.js';
import { loginCommand } from './login.js';
import { requestCommand } from './request.js';
import { uploadCommand } from './upload.js';

export function addClientCommands(program: Command): void {
  program.addCommand(uploadCommand(), { isDefault: true });
  for (const command of [downloadCommand(), listCommand(), deleteCommand(), infoCommand(), loginCommand(), requestCommand()])
    program.addCommand(command);
}
