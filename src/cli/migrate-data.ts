// `ferry migrate-data --to s3 -t Bucket=… …` (or --to-config new.toml): copies the bytes of every stored file from
// the configured data store to another one, e.g. from the files folder to a bucket, before Ferry is switched to it.
// What the target already holds is skipped, so the command can run again after an interruption, and once more
// with Ferry stopped to take what was uploaded meanwhile.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';
import { printDataReport, startProgress } from './copy-progress.js';

interface MigrateFlags extends ConfigFlags {
  to?: string;
  toConfig?: string;
  target?: Record<string, string>;
  parallel: number;
}

export function migrateDataCommand(): Command {
  return withConfigOptions(new Command('migrate-data'))
    .description('copy the bytes of every stored file from the configured data store to another one, skipping those it holds already')
    .addOption(new Option('--to <backend>', 'DataBackend of the target').choices(['file', 's3']))
    .addOption(
      new Option('-t, --target <Name=value>', 'a DataBackendConfig option of the target, e.g. -t Bucket=ferry (repeat)').argParser(
        collectOption,
      ),
    )
    .addOption(
      new Option(
        '--to-config <file>',
        'a TOML config file whose DataBackend and DataBackendConfig are the target (instead of --to and -t)',
      ),
    )
    .addOption(new Option('--parallel <count>', 'files copied at once').default(4).argParser(positiveInteger))
    .action(async (opts: MigrateFlags) => {
      const { config } = loadCommandConfig(opts);
      const target = targetConfig(config, opts);
      await copyStoredData('migrate-data', config, target, opts.parallel);
    });
}

/** Copies the bytes of every file the config's metadata lists from its data store to the target's, with progress. */
export async function copyStoredData(command: string, config: Config, target: Config, parallel: number): Promise<void> {
  // Loaded here, not at the top: the other subcommands should not pay for the stores.
  const [{ openDataStore }, { openMetadataStore }, { migrateData }] = await Promise.all([
    import('../data/open.js'),
    import('../metadata/open.js'),
    import('../data/migrate.js'),
  ]);
  const source = await openDataStore(config);
  const destination = await openDataStore(target);
  const metadata = await openMetadataStore(config);
  try {
    let total = 0;
    for await (const _ of metadata.storedData()) total++;
    const progress = startProgress(command, total);
    const report = await migrateData(metadata.storedData(), source, destination, {
      parallel,
      onBytes: progress.bytes,
      onDone: progress.done,
    });
    progress.stop();
    printDataReport(command, report, total, target.DataBackend);
  } finally {
    await metadata.close();
  }
}

/** The target's config: a whole config file, or the source's with DataBackend and DataBackendConfig from the flags. */
function targetConfig(source: Config, opts: MigrateFlags): Config {
  const fromFlags = opts.to !== undefined || opts.target !== undefined;
  if (opts.toConfig ? fromFlags : !opts.to) exit(2, 'give the target store either as --to with its -t options, or as --to-config');
  try {
    if (opts.toConfig) return loadConfig({ file: opts.toConfig }).config;
    return loadConfig({
      flags: { DataDir: source.DataDir, MaxFileSize: source.MaxFileSize, DataBackend: opts.to, DataBackendConfig: opts.target ?? {} },
    }).config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return exit(2, `target store: ${err.message}`);
  }
}

function collectOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected Name=value, got ${JSON.stringify(text)}`);
  return { ...previous, [text.slice(0, eq)]: text.slice(eq + 1) };
}

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return value;
}

export function exit(code: number, message: string): never {
  process.stderr.write(`ferry: ${message}\n`);
  process.exit(code);
}
