// Runs the real `ferry import-from` on a test storage, as an operator would beside the running server, and reads
// its JSON report; or, where a test makes several runs, the same importer and writer inside the test's process, on
// the running Ferry's services (a command costs seconds to start).
import { IMPORT_KINDS } from '../../src/import/kinds.js';
import type { ImportReport } from '../../src/import/report.js';
import { writePlan } from '../../src/import/writer.js';
import { runCli, storageFlags, tempHome, type CliResult } from '../helpers/ferry-cli.js';
import type { TestFerry, TestStorage } from '../helpers/ferry.js';

export interface ImportRun extends CliResult {
  /** The report, when the command got as far as writing one. */
  report?: ImportReport;
}

export async function runImport(storage: TestStorage, kind: string, source: string, ...flags: string[]): Promise<ImportRun> {
  const result = await runCli(['import-from', kind, source, '--json', ...flags, ...storageFlags(storage)], await tempHome());
  return { ...result, report: result.code === 0 ? (JSON.parse(result.stdout) as ImportReport) : undefined };
}

/** The reasons given for skipping the records of one kind, by their source ids. */
export const skippedReasons = (report: ImportReport, kind: string) =>
  Object.fromEntries(report.skipped.filter((s) => s.kind === kind).map((s) => [s.sourceId, s.reason]));

/** The import as the command makes it, in this process: its report, or the ImportError the importer threw. */
export async function importHere(
  ferry: TestFerry,
  kind: string,
  source: string,
  options: { dryRun?: boolean; flags?: Record<string, string> } = {},
) {
  const importer = await IMPORT_KINDS.find((k) => k.name === kind)!.load();
  const now = Date.now();
  const plan = await importer(source, options.flags ?? {}, now);
  return writePlan(kind, plan, ferry.services.imports, { dryRun: options.dryRun === true, now });
}
