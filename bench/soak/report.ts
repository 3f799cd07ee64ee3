// The soak's figures, as the "Soak" section of docs/BENCHMARKS.md, beside its chart (docs/soak.png).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from '../machine.js';
import { writeSection } from '../report.js';
import { writeChartPng } from './chart.js';
import type { StackResult } from './run.js';
import { GROWTH_ALLOWED, METRICS } from './samples.js';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const BEGIN = '<!-- soak:begin (written by npm run soak) -->';
const END = '<!-- soak:end -->';

const fixed = (n: number) => (Math.abs(n) < 10 ? n.toFixed(1) : n.toFixed(0));

export async function writeSoakDoc(results: readonly StackResult[], minutes: number, everySeconds: number): Promise<void> {
  await writeChartPng(results, path.join(DOCS, 'soak.png'));
  const machine = describeMachine();
  const rows = results.flatMap((r) =>
    r.trends.map((t) => {
      const values = r.samples.map((s) => s[t.metric]);
      return `| ${r.stack} | ${t.metric} | ${fixed(values[0] ?? 0)} | ${fixed(t.median)} | ${fixed(Math.max(...values))} | ${fixed(t.rise)} | ${fixed(t.allowed)} | ${t.ok ? 'flat' : '**grows**'} |`;
    }),
  );
  const load = results.map((r) => {
    const byOperation = Object.entries(r.totals.answers)
      .map(([op, statuses]) => `${op} ${Object.values(statuses).reduce((a, b) => a + b, 0)}`)
      .join(', ');
    const verdict = r.problems.length === 0 ? 'passed' : `**failed**: ${r.problems.join('; ')}`;
    return `- ${r.stack}: ${r.totals.operations} operations, ${r.samples.length} samples; requests by operation: ${byOperation}; ${r.totals.fiveXx} answers 5xx; ${verdict}.`;
  });
  const allowed = METRICS.map((m) => `${m} ${GROWTH_ALLOWED[m].absolute} + ${GROWTH_ALLOWED[m].relative * 100}% of its median`).join(', ');
  const generated = [
    BEGIN,
    `## Soak (${minutes} minutes, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${machine.load.toFixed(1)} on ${machine.cores} cores)`,
    '',
    '`npm run soak` (`--minutes N`, default 20; `bench/soak/`) runs Ferry on SQLite + its data folder and Ferry on',
    'PostgreSQL + S3 (a PostgreSQL of its own, fauxqs) side by side, each under a mixed load of 8 operations a second at',
    'most, 4 at once: uploads of 1 to 3 files up to 257 KiB (a quarter expiring after 60 s, a fifth oneShot), downloads',
    'checked byte for byte, zips, metadata reads, sign-ins (one at a time) with a session read and a sign-out, reads of expired uploads',
    '(404), deletions keeping 60 uploads alive, and a sweep every 5 s. Every',
    `${everySeconds} s it samples the server's resident memory and open descriptors (\`/proc/<pid>\`), its event loop's`,
    "p99 delay (its own `/metrics`) and its database connections (PostgreSQL's `pg_stat_activity`; for SQLite the",
    'open files of its database). It fails on any 5xx or failed operation, or when a metric grows over the second half: a',
    `least-squares line through that half's samples may rise across it by at most ${allowed}.`,
    '',
    '| Stack | Metric | First | Median (2nd half) | Max | Rise (2nd half) | Allowed | |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...load,
    '',
    '![RSS, descriptors, event loop delay and database connections over the soak](soak.png)',
    END,
  ].join('\n');
  await writeSection(path.join(DOCS, 'BENCHMARKS.md'), BEGIN, END, generated);
}
