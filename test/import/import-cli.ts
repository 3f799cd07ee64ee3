// Runs the real `ferry import-from` on a test storage, as an operator would beside the running server, and reads
// its JSON report; or, where a test makes several runs, the same importer and writer inside the test's process, on
// the running Ferry's services (a command costs seconds to start).
import { IMPORT_KINDS } from '../../src/import/kinds.js';
import type { ImportReport } from '../../src/import/report.js';
import { writePlan } from '../../src/import/writer.js';
import { runCli, storageFlags, tempHome, type CliResult } from '../helpers/ferry-cli.js';
import { rm } from 'node:fs/promises';
import { expect } from 'vitest';
import { startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';

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

export interface ImportRuns {
  ferry: TestFerry;
  /** The source's folder, as `write` made it. */
  folder: string;
  dryRun: ImportReport;
  imported: ImportReport;
  again: ImportReport;
  /** Stops the Ferry and removes the folder. */
  close(): Promise<void>;
}

/**
 * A Ferry with accounts, and the source folder `write` makes imported into it three times: a dry run (after which
 * `probe`, a path of something to import, must still answer 404), the command itself, as an operator runs it beside
 * the server, and a re-run.
 */
export async function importThrice(kind: string, write: () => Promise<string>, probe: string): Promise<ImportRuns> {
  const folder = await write();
  const ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const close = async () => {
    await ferry.close();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    const dryRun = await importHere(ferry, kind, folder, { dryRun: true });
    expect((await fetch(`${ferry.url}${probe}`)).status).toBe(404);
    const run = await runImport(ferry.storage, kind, folder);
    expect(run.code, run.stderr).toBe(0);
    return { ferry, folder, dryRun, imported: run.report!, again: await importHere(ferry, kind, folder), close };
  } catch (err) {
    await close();
    throw err;
  }
}
