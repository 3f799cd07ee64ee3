// `ferry export FILE` and `ferry import FILE`: all metadata out of the configured store into a JSON-lines file,
// and into an empty store from one, e.g. to move from SQLite to PostgreSQL. File bytes stay where they are.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import type { TransferCounts } from '../metadata/transfer.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';

/** Loaded when a transfer runs, as `serve` loads the server: the client's commands should not pay for the stores. */
const transferModules = () => Promise.all([import('../metadata/open.js'), import('../metadata/transfer.js')]);

export function exportCommand(): Command {
  return withConfigOptions(new Command('export'))
    .description('write all metadata of the configured store to FILE as JSON lines ("-": standard output)')
    .argument('<file>')
    .action(async (file: string, opts: ConfigFlags) => {
      const { config } = loadCommandConfig(opts);
      await run('export to', file, async () => {
        const [{ openMetadataDatabase }, { exportMetadata }] = await transferModules();
        const { db } = await openMetadataDatabase(config);
        try {
          const counts: TransferCounts = {};
          // wx: an export never overwrites a file.
          const out = file === '-' ? process.stdout : createWriteStream(file, { flags: 'wx' });
          await pipeline(Readable.from(exportMetadata(db, counts)), out);
          report('exported', counts, file);
        } finally {
          await db.destroy();
        }
      });
    });
}

export function importCommand(): Command {
  return withConfigOptions(new Command('import'))
    .description('read an export into the configured store, which must be empty ("-": standard input)')
    .argument('<file>')
    .action(async (file: string, opts: ConfigFlags) => {
      const { config } = loadCommandConfig(opts);
      await run('import', file, async () => {
        const [{ openMetadataDatabase }, { importMetadata }] = await transferModules();
        const { db } = await openMetadataDatabase(config);
        try {
          const input = file === '-' ? process.stdin : createReadStream(file);
          report('imported', await importMetadata(db, createInterface({ input, crlfDelay: Infinity })), file);
        } finally {
          await db.destroy();
        }
      });
    });
}

/** Runs the transfer; a failure is a one-line message and status 1 (the import has then changed nothing). */
async function run(action: string, file: string, transfer: () => Promise<void>): Promise<void> {
  try {
    await transfer();
  } catch (err) {
    process.stderr.write(`ferry: cannot ${action} ${file}: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

function report(done: string, counts: TransferCounts, file: string): void {
  const rows = Object.entries(counts).map(([table, count]) => `${table} ${count}`);
  process.stderr.write(`ferry: ${done} ${rows.join(', ')} (${file === '-' ? 'standard stream' : file})\n`);
}
