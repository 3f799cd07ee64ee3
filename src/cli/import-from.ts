// `ferry import-from <kind> <path>`: brings the users, uploads and links of another file-sharing server into the
// configured Ferry from that server's own data (src/import/), with a progress bar, a dry run, and a report of what
// was imported and what was skipped and why (--json for scripts). Run it again: what is there already is skipped.
import { Command, Option } from 'commander';
import { describeIgnored } from '../config/not-honoured.js';
import { IMPORT_KINDS } from '../import/kinds.js';
import { reportLines } from '../import/report.js';
import { ImportError } from '../import/source.js';
import { loadCommandConfig, withConfigOptions, type ConfigFlags } from './config-options.js';
import { startProgress } from './copy-progress.js';
import { exit } from './migrate-data.js';
import { printJson } from './with-services.js';

interface ImportFlags extends ConfigFlags {
  dryRun?: boolean;
  json?: boolean;
  [option: string]: unknown;
}

export function importFromCommand(): Command {
  const command = withConfigOptions(new Command('import-from'))
    .description("import another file-sharing server's users, uploads and links from its data into the configured Ferry")
    .argument('<kind>', `the server: ${IMPORT_KINDS.map((k) => k.name).join(', ')}`)
    .argument('<path>', IMPORT_KINDS.map((k) => `${k.name}: ${k.path}`).join('; '))
    .addOption(new Option('--dry-run', 'read everything and tell what would be imported, writing nothing'))
    .addOption(new Option('--json', 'print the report as JSON, for scripts'));
  for (const kind of IMPORT_KINDS) {
    for (const option of kind.options) command.addOption(new Option(option.flags, `${kind.name}: ${option.description}`));
  }
  return command.action(async (kindName: string, path: string, opts: ImportFlags) => {
    const kind = IMPORT_KINDS.find((k) => k.name === kindName);
    if (!kind) exit(2, `import-from: unknown kind ${JSON.stringify(kindName)} (one of ${IMPORT_KINDS.map((k) => k.name).join(', ')})`);
    const { config, ignored } = loadCommandConfig(opts);
    if (ignored.length > 0) process.stderr.write(`ferry: ${describeIgnored(ignored)}\n`);
    const options = Object.fromEntries(kind.options.map((o) => [o.key, opts[o.key] as string | undefined]));
    const now = Date.now();
    let plan: Awaited<ReturnType<Awaited<ReturnType<typeof kind.load>>>>;
    try {
      plan = await (await kind.load())(path, options, now);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      exit(1, `import-from ${kind.name}: ${path}: ${err.message}; nothing was imported`);
    }
    // Loaded here, not at the top: the other subcommands should not pay for the stores.
    const [{ openServices }, { writePlan }] = await Promise.all([import('../server.js'), import('../import/writer.js')]);
    const { metadata, services } = await openServices(config);
    try {
      const progress = opts.dryRun || opts.json ? undefined : startProgress(`import-from ${kind.name}`, plan.uploads.length, 'uploads');
      const report = await writePlan(kind.name, plan, services.imports, { dryRun: opts.dryRun === true, now, progress });
      progress?.stop();
      if (opts.json) printJson(report);
      else for (const line of reportLines(report)) process.stderr.write(`ferry: import-from: ${line}\n`);
    } finally {
      await metadata.close();
    }
  });
}
