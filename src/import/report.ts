// What an import did, per kind of record: how many were imported (a dry run: would be), and each one skipped
// with the reason; printed as lines for people or as JSON for scripts.
import { RECORD_KINDS, type RecordKind, type SkippedRecord } from './source.js';

export interface ImportReport {
  kind: string;
  dryRun: boolean;
  imported: Record<RecordKind, number>;
  skipped: SkippedRecord[];
  /** Kept in another form than the source had it (a password to reset…), per record. */
  notes: Array<{ kind: RecordKind; sourceId: string; note: string }>;
  /** What the import does not cover at all. */
  limits: string[];
  /** Bytes stored (a dry run: none). */
  bytes: number;
}

export function newReport(kind: string, dryRun: boolean, limits: string[]): ImportReport {
  const imported = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>;
  return { kind, dryRun, imported, skipped: [], notes: [], limits, bytes: 0 };
}

/** The report as lines: limits, then each skipped record and note (the first 50 of each), then the counts. */
export function reportLines(report: ImportReport): string[] {
  const lines = report.limits.map((limit) => `not imported: ${limit}`);
  const listed = (items: string[]) => [...items.slice(0, 50), ...(items.length > 50 ? [`… and ${items.length - 50} more`] : [])];
  lines.push(...listed(report.skipped.map((s) => `skipped ${singular(s.kind)} ${s.sourceId}: ${s.reason}`)));
  lines.push(...listed(report.notes.map((n) => `${singular(n.kind)} ${n.sourceId}: ${n.note}`)));
  const counts = RECORD_KINDS.map((k) => {
    const skipped = report.skipped.filter((s) => s.kind === k).length;
    return `${k} ${report.imported[k]}${skipped ? ` (${skipped} skipped)` : ''}`;
  });
  lines.push(`${report.dryRun ? 'dry run, would import' : 'imported'} from ${report.kind}: ${counts.join(', ')}`);
  return lines;
}

const singular = (kind: RecordKind) => ({ users: 'user', tokens: 'token', fileRequests: 'file request', uploads: 'upload' })[kind];
