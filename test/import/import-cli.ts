// Runs the real `ferry import-from` on a test storage, as an operator would beside the running server, and reads
// its JSON report.
import type { ImportReport } from '../../src/import/report.js';
import { runCli, storageFlags, tempHome, type CliResult } from '../helpers/ferry-cli.js';
import type { TestStorage } from '../helpers/ferry.js';

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
