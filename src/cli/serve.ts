// `ferry serve`: loads the config from file, environment and flags, then runs the server until a signal stops it.
import { Command, Option } from 'commander';
import { ConfigError } from '../config/load.js';
import { describeIgnored } from '../config/not-honoured.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';
import { describeStartupFailure } from './startup-failure.js';

export function serveCommand(): Command {
  return withConfigOptions(new Command('serve').description('run the Ferry server'))
    .addOption(new Option('--listen-address <address>', 'ListenAddress'))
    .addOption(new Option('-p, --port <port>', 'ListenPort'))
    .action(async (opts: ConfigFlags & { listenAddress?: string; port?: string }) => {
      const loaded = loadCommandConfig(opts, { ListenAddress: opts.listenAddress, ListenPort: opts.port });
      // Loaded here, not at the top: the other subcommands should not pay for starting the whole server.
      const { startFerry } = await import('../server.js');
      // What start-up itself reads (SslCert, SslKey) may be wrong too: said as a bad value is, without a stack.
      // Anything else that stops it (a port in use, a database or bucket out of reach) is one line and status 1.
      const ferry = await startFerry(loaded.config).catch((err: unknown) => {
        if (err instanceof ConfigError) {
          process.stderr.write(`ferry: ${err.message}\n`);
          process.exit(2);
        }
        process.stderr.write(`ferry: ${describeStartupFailure(err, loaded.config)}\n`);
        if (loaded.config.LogLevel === 'debug' || loaded.config.LogLevel === 'trace') console.error(err);
        process.exit(1);
      });
      if (loaded.ignored.length > 0) ferry.app.log.warn({ ignored: loaded.ignored }, describeIgnored(loaded.ignored));
      ferry.app.log.info(`Ferry ${ferry.url} ready`);
      const stop = () => void ferry.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
