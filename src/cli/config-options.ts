// The options of every command that reads Ferry's config (--config, --data-dir, -o), and the loading of it with
// the environment: `ferry serve`, `ferry export` and `ferry import` see the same config from the same sources.
import { type Command, Option } from 'commander';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load.js';

export interface ConfigFlags {
  config?: string;
  dataDir?: string;
  option?: string[];
}

export function withConfigOptions(command: Command): Command {
  return command
    .addOption(new Option('-c, --config <file>', 'TOML config file (plikd.cfg works)'))
    .addOption(new Option('--data-dir <dir>', 'DataDir: where the SQLite file and the files folder go'))
    .addOption(new Option('-o, --option <Name=value...>', 'any option by its config name, e.g. -o MaxTTL=7d'));
}

/** The config from file, environment and flags (`more` are a command's own flags); a bad one ends the process. */
export function loadCommandConfig(flags: ConfigFlags, more: Record<string, unknown> = {}): LoadedConfig {
  try {
    return loadConfig({
      file: flags.config,
      env: process.env,
      flags: { ...Object.fromEntries((flags.option ?? []).map(splitOption)), ...more, DataDir: flags.dataDir },
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`ferry: ${err.message}\n`);
    process.exit(2);
  }
}

function splitOption(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`-o expects Name=value, got ${JSON.stringify(text)}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}
