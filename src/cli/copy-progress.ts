// The progress and the report of a copy of stored bytes (ferry migrate-data, ferry migrate): a bar on a terminal,
// plain lines elsewhere, then one line of counts with the problems named before it.
import type cliProgress from 'cli-progress';
import type { DataKey } from '../data/store.js';
import type { MigrationReport } from '../data/migrate.js';
import { formatSize } from '../domain/sizes.js';
import { requireWhenUsed } from './when-used.js';

export interface Progress {
  bytes(count: number): void;
  /** One more item (a file copied, an upload imported); which one is not shown. */
  done(key?: DataKey): void;
  stop(): void;
}

/** A bar on a terminal; elsewhere (logs, CI) a line at every tenth of the items (files, or `unit`). */
export function startProgress(command: string, total: number, unit = 'files'): Progress {
  let files = 0;
  let copied = 0;
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = requireWhenUsed('cli-progress') as typeof cliProgress;
    const bar = new SingleBar(
      {
        stream: process.stderr,
        hideCursor: true,
        fps: 5,
        format: `${command} [{bar}] {percentage}% | {value}/{total} ${unit} | {copied} copied | ETA {eta_formatted}`,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { copied: formatSize(0) });
    return {
      bytes: (count) => bar.update({ copied: formatSize((copied += count)) }),
      done: () => bar.increment(),
      stop: () => bar.stop(),
    };
  }
  return {
    bytes: (count) => void (copied += count),
    done: () => {
      files++;
      if (Math.floor((files * 10) / total) > Math.floor(((files - 1) * 10) / total)) {
        process.stderr.write(`ferry: ${command}: ${files}/${total} ${unit}, ${formatSize(copied)} copied\n`);
      }
    },
    stop: () => undefined,
  };
}

/** What a copy of stored bytes did, problems first; status 1 when any. */
export function printDataReport(command: string, report: MigrationReport, total: number, to: string): void {
  const problems = [
    ...report.missing.map((key) => `missing from the source: ${key.uploadId}/${key.fileId}`),
    ...report.failed.map(({ key, error }) => `failed: ${key.uploadId}/${key.fileId}: ${error.message}`),
  ];
  for (const problem of problems.slice(0, 20)) process.stderr.write(`ferry: ${command}: ${problem}\n`);
  if (problems.length > 20) process.stderr.write(`ferry: ${command}: … and ${problems.length - 20} more\n`);
  const counts = [`${report.copied} copied (${formatSize(report.bytes)})`, `${report.skipped} already there`];
  if (report.missing.length > 0) counts.push(`${report.missing.length} missing from the source`);
  if (report.failed.length > 0) counts.push(`${report.failed.length} failed`);
  process.stderr.write(`ferry: ${command} to ${to}: ${total} files, ${counts.join(', ')}\n`);
  if (problems.length > 0) process.exitCode = 1;
}
