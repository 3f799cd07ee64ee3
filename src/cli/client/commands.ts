// The client's subcommands on the `ferry` program. Upload is the default one: `ferry notes.txt` and
// `… | ferry` upload, as `plik notes.txt` does.
import type { Command } from 'commander';
import { uploadCommand } from './upload.js';

export function addClientCommands(program: Command): void {
  program.addCommand(uploadCommand(), { isDefault: true });
}
