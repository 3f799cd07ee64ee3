// `ferry serve`: loads the config from file, environment and flags, then runs the server until a signal stops it.
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/load.js';
import { startFerry } from '../server.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the Ferry server')
    .addOption(new Option('-c, --config <file>', 'TOML config file (plikd.cfg works)'))
    .addOption(new Option('--listen-address <address>', 'ListenAddress'))
    .addOption(new Option('-p, --port <port>', 'ListenPort'))
    .addOption(new Option('--data-dir <dir>', 'DataDir: where the SQLite file and the files folder go'))
    .addOption(new Option('-o, --option <Name=value...>', 'any option by its config name, e.g. -o MaxTTL=7d'))
    .action(async (opts: { config?: string; listenAddress?: string; port?: string; dataDir?: string; option?: string[] }) => {
      let loaded;
      try {
        const flags: Record<string, unknown> = {
          ...Object.fromEntries((opts.option ?? []).map(splitOption)),
          ListenAddress: opts.listenAddress,
          ListenPort: opts.port,
          DataDir: opts.dataDir,
        };
        loaded = loadConfig({ file: opts.config, env: process.env, flags });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`ferry: ${err.message}\n`);
        process.exit(2);
      }
      const ferry = await startFerry(loaded.config);
      if (loaded.ignored.length > 0) ferry.app.log.warn({ options: loaded.ignored }, 'config options not supported by Ferry were ignored');
      ferry.app.log.info(`Ferry ${ferry.url} ready`);
      const stop = () => void ferry.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function splitOption(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`-o expects Name=value, got ${JSON.stringify(text)}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}
