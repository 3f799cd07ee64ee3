// `ferry migrate --to-config new.toml` (Plik's `plikd migrate`): copies everything of the configured Ferry, metadata
// and stored bytes, to the metadata store and data store another config names, e.g. from SQLite and a folder to
// PostgreSQL and a bucket, while the server keeps running. Each run makes the target hold what the source held
// when the run began (rows it no longer has are removed, bytes already there skipped): run it live, then once more
// with the server stopped, then start Ferry on the new config.
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, embeddedPaths, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';
import { copyStoredData, exit, positiveInteger } from './migrate-data.js';

interface MigrateFlags extends ConfigFlags {
  toConfig?: string;
  parallel: number;
}

export function migrateCommand(): Command {
  return withConfigOptions(new Command('migrate'))
    .description('copy all metadata and stored files to the stores another config file names, live; run again to take what changed')
    .addOption(new Option('--to-config <file>', 'a TOML config file naming the target metadata store and data store').makeOptionMandatory())
    .addOption(new Option('--parallel <count>', 'files copied at once').default(4).argParser(positiveInteger))
    .action(async (opts: MigrateFlags) => {
      const { config } = loadCommandConfig(opts);
      const target = targetConfig(config, opts.toConfig!);
      // Loaded here, not at the top: the other subcommands should not pay for the stores.
      const [{ openMetadataDatabase }, { mirrorMetadata }] = await Promise.all([
        import('../metadata/open.js'),
        import('../metadata/mirror.js'),
      ]);
      const source = await openMetadataDatabase(config);
      try {
        const into = await openMetadataDatabase(target);
        try {
          const { copied, removed } = await mirrorMetadata(source.db, into, {
            onTable: (table, rows) => process.stderr.write(`ferry: migrate: ${table}: ${rows} rows\n`),
          });
          const counts = Object.keys(copied).map((name) => `${name} ${copied[name]}${removed[name] ? ` (${removed[name]} removed)` : ''}`);
          process.stderr.write(`ferry: migrate: metadata to ${target.MetadataBackendConfig.Driver}: ${counts.join(', ')}\n`);
        } finally {
          await into.db.destroy();
        }
      } catch (err) {
        exit(1, `migrate: the metadata could not be copied: ${(err as Error).message}`);
      } finally {
        await source.db.destroy();
      }
      await copyStoredData('migrate', config, target, opts.parallel);
    });
}

/** The target's config, refused where it is the source itself or would leave sealed files unreadable. */
function targetConfig(source: Config, file: string): Config {
  let target: Config;
  try {
    target = loadConfig({ file }).config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return exit(2, `target config ${file}: ${err.message}`);
  }
  if (metadataPlace(target) === metadataPlace(source)) exit(2, `target config ${file}: its metadata store is the configured one itself`);
  // Bytes are copied as they are at rest: those sealed under the source's key open only with it.
  if (source.EncryptionKey && target.EncryptionKey !== source.EncryptionKey)
    exit(2, `target config ${file}: EncryptionKey differs from the configured one, which the server-encrypted files need`);
  return target;
}

/** Where a config's metadata lives, to tell two configs naming the same store. */
function metadataPlace(config: Config): string {
  const { Driver, ConnectionString } = config.MetadataBackendConfig;
  return Driver === 'postgres' || Driver === 'mysql'
    ? `${Driver} ${ConnectionString}`
    : `sqlite ${path.resolve(embeddedPaths(config).sqliteFile)}`;
}
