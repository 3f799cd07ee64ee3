// The bench's report: the comparison table on the console, and docs/BENCHMARKS.md with the machine, the date and
// a chart (an SVG drawn here, turned into a PNG by Debian's rsvg-convert, installed when missing and root).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratio, type ComparisonRow } from './comparison.js';
import type { CostRow } from './costs.js';
import type { Spread } from './cpu.js';
import type { Machine } from './machine.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const CHART = 'benchmarks.png';
/** What the bench writes goes between these markers; the rest of the file (findings, notes) is kept. */
const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

export interface MemoryRow {
  name: string;
  mb?: number;
  /** The most it may be, in MB. */
  budget: number;
}

export interface Report {
  machine: Machine;
  date: Date;
  /** How the run was asked for (its flags), and how many runs each cost row is the median of. */
  invocation: string;
  runs: number;
  costs: CostRow[];
  rows: ComparisonRow[];
  memory: MemoryRow[];
}

const fmt = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

function verdict(row: ComparisonRow): string {
  const r = ratio(row);
  if (r === undefined || row.targetRatio === undefined) return '';
  return r >= row.targetRatio ? 'met' : 'short';
}

const spread = ({ median, min, max }: Spread, digits: number) =>
  `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;

/** Whether a cost row meets its goal: CPU within its multiple of the reference's, or a rate high enough. */
function costVerdict(row: CostRow): string {
  if (!row.ferry) return '';
  const verdicts: boolean[] = [];
  if (row.maxCpuRatio !== undefined && row.baseline) verdicts.push(row.ferry.cpu.median <= row.maxCpuRatio * row.baseline.cpu.median);
  if (row.minRate !== undefined || row.minRateRatio !== undefined) {
    const fastEnough = row.minRate !== undefined && row.ferry.rate.median >= row.minRate;
    const nearEnough =
      row.minRateRatio !== undefined && row.baseline && row.ferry.rate.median >= row.minRateRatio * row.baseline.rate.median;
    verdicts.push(fastEnough || Boolean(nearEnough));
  }
  if (verdicts.length === 0) return '';
  return verdicts.every(Boolean) ? 'met' : 'short';
}

function costGoal(row: CostRow): string {
  const goals = [
    row.maxCpuRatio !== undefined ? `CPU ≤ ${row.maxCpuRatio}×` : undefined,
    row.minRate !== undefined ? `≥ ${row.minRate} ${row.rateUnit}` : undefined,
    row.minRateRatio !== undefined ? `${row.minRate !== undefined ? 'or ' : ''}≥ ${row.minRateRatio}× its rate` : undefined,
  ].filter(Boolean);
  return goals.length > 0 ? goals.join(' ') : '–';
}

function costLines(costs: CostRow[]): string[] {
  const lines = [
    '| Measure | Ferry CPU s | Ferry rate | Reference CPU s | Reference rate | CPU ratio | Goal | |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of costs) {
    const cpuRatio = row.ferry && row.baseline ? `${(row.ferry.cpu.median / row.baseline.cpu.median).toFixed(2)}×` : '–';
    const digits = row.rateUnit === 'req/s' ? 0 : 1;
    const cells = [
      row.per ? `${row.name} (CPU s per ${row.per})` : row.name,
      row.ferry ? spread(row.ferry.cpu, 3) : '–',
      row.ferry ? `${spread(row.ferry.rate, digits)} ${row.rateUnit}` : '–',
      row.baseline ? `${spread(row.baseline.cpu, 3)} (${row.baselineName})` : '–',
      row.baseline ? `${spread(row.baseline.rate, digits)} ${row.rateUnit}` : '–',
      cpuRatio,
      costGoal(row),
      [costVerdict(row), row.note].filter(Boolean).join('; '),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function tableLines(report: Report): string[] {
  const lines = ['| Measure | Ferry | Machine limit | Ratio | Target | |', '|---|---:|---:|---:|---:|---|'];
  for (const row of report.rows) {
    const r = ratio(row);
    const baseline = row.baseline === undefined ? '–' : `${fmt(row.baseline)} ${row.unit} (${row.baselineName})`;
    const cells = [
      row.name,
      row.ferry === undefined ? '–' : `${fmt(row.ferry)} ${row.unit}`,
      baseline,
      r === undefined ? '–' : `${r.toFixed(2)}×`,
      row.targetRatio === undefined ? '–' : `≥ ${row.targetRatio}×`,
      [verdict(row), row.note].filter(Boolean).join('; '),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  for (const m of report.memory) {
    const ok = m.mb === undefined ? '' : m.mb <= m.budget ? 'met' : 'over';
    lines.push(`| ${m.name} | ${fmt(m.mb)} MB | – | – | ≤ ${m.budget} MB | ${ok} |`);
  }
  return lines;
}

export function printCosts(costs: CostRow[], runs: number): void {
  console.log(`\nCPU of the server process (median (min–max) of ${runs} alternating runs)`);
  for (const line of costLines(costs)) console.log(line);
}

export function printReport(report: Report): void {
  printCosts(report.costs, report.runs);
  console.log("\nFerry against the machine's limits (same run; ratio = Ferry / limit; throughput ratios are noisy)");
  for (const line of tableLines(report)) console.log(line);
}

/** A horizontal bar per ratio, the machine's limit at 1.0 and each row's target marked. */
function chartSvg(report: Report): string {
  const rows = report.rows.filter((row) => ratio(row) !== undefined);
  // The labels' column as wide as the longest name needs (~7.5 px a character at 13 px), the bars' as before.
  const left = Math.max(300, 20 + Math.ceil(7.5 * Math.max(...rows.map((row) => row.name.length))));
  const barArea = 400;
  const width = left + barArea + 60;
  const rowHeight = 44;
  const top = 50;
  const height = top + rows.length * rowHeight + 40;
  const max = Math.max(1.2, ...rows.map((row) => ratio(row)!));
  const x = (value: number) => left + (value / max) * barArea;
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">Ferry / the machine's limit (1.0 = as fast as the baseline)</text>`,
  ];
  rows.forEach((row, i) => {
    const r = ratio(row)!;
    const y = top + i * rowHeight;
    const met = row.targetRatio === undefined || r >= row.targetRatio;
    parts.push(`<text x="${left - 10}" y="${y + 18}" text-anchor="end">${escapeXml(row.name)}</text>`);
    parts.push(
      `<text x="${left - 10}" y="${y + 33}" text-anchor="end" font-size="11" fill="#666">vs ${escapeXml(row.baselineName ?? '')}</text>`,
    );
    parts.push(`<rect x="${left}" y="${y + 8}" width="${x(r) - left}" height="24" fill="${met ? '#3b82c4' : '#d9822b'}"/>`);
    parts.push(`<text x="${x(r) + 6}" y="${y + 25}">${r.toFixed(2)}×</text>`);
    if (row.targetRatio !== undefined) {
      parts.push(
        `<line x1="${x(row.targetRatio)}" x2="${x(row.targetRatio)}" y1="${y + 4}" y2="${y + 36}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4 3"/>`,
      );
    }
  });
  parts.push(`<line x1="${x(1)}" x2="${x(1)}" y1="${top - 6}" y2="${height - 30}" stroke="#333" stroke-width="1"/>`);
  parts.push(`<text x="${x(1)}" y="${height - 14}" text-anchor="middle" font-size="11">1.0 = machine limit; dashed red = target</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** rsvg-convert, installed from Debian's librsvg2-bin when missing and root; undefined when it cannot be had. */
function rsvgConvert(): string | undefined {
  const found = ['/usr/bin/rsvg-convert', '/usr/local/bin/rsvg-convert'].find((p) => existsSync(p));
  if (found || process.getuid?.() !== 0) return found;
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'librsvg2-bin'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    return undefined;
  }
  return existsSync('/usr/bin/rsvg-convert') ? '/usr/bin/rsvg-convert' : undefined;
}

async function writeChart(report: Report): Promise<string | undefined> {
  const converter = rsvgConvert();
  if (!converter) return undefined;
  const svg = path.join(DOCS, 'benchmarks.svg');
  await writeFile(svg, chartSvg(report));
  try {
    execFileSync(converter, ['-o', path.join(DOCS, CHART), svg]);
    return CHART;
  } finally {
    await rm(svg, { force: true });
  }
}

export async function writeBenchmarksDoc(report: Report): Promise<string> {
  await mkdir(DOCS, { recursive: true });
  const file = path.join(DOCS, 'BENCHMARKS.md');
  const chart = await writeChart(report);
  const { machine } = report;
  const generated = [
    BEGIN,
    `Run on ${report.date.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${report.invocation}\`.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB RAM, ${machine.kernel}, Node ${machine.node}; ${machine.versions}. Load average at the start: ${machine.load.toFixed(1)}${machine.load > machine.cores ? ' (shared with other work: noisy)' : ''}.`,
    '',
    `### What it costs: CPU seconds of the server process (stable)`,
    '',
    ...costLines(report.costs),
    '',
    `CPU s = utime + stime of the server process, all its threads, from \`/proc/<pid>/stat\` read before and after each`,
    `transfer; the median (min–max) of ${report.runs} runs, Ferry and its reference alternating. Rates beside it are noisy.`,
    '',
    '### Throughput against the machine (noisy)',
    '',
    ...tableLines(report),
    '',
    'MB = 10^6 bytes. Each transfer row is the best of three runs of each side, alternating; Ferry runs from `dist/` as its',
    'own process with `LogLevel = warn`, the baselines too (nginx, and `bench/bare-servers.ts`), all on loopback. On a',
    'shared machine these ratios move by 2× or more from one minute to the next: read the CPU table above first.',
    '',
    chart ? `![Ferry against the machine's limits](${chart})` : "_(no chart: rsvg-convert, from Debian's librsvg2-bin, is not installed)_",
    END,
  ].join('\n');
  await writeSection(file, BEGIN, END, generated);
  return file;
}

/** Puts `generated` (which begins with `begin` and ends with `end`) in place of that section of `file`, or after it. */
export async function writeSection(file: string, begin: string, end: string, generated: string): Promise<void> {
  const previous = existsSync(file) ? await readFile(file, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
  const start = previous.indexOf(begin);
  const stop = previous.indexOf(end);
  const next =
    start >= 0 && stop > start ? previous.slice(0, start) + generated + previous.slice(stop + end.length) : `${previous}\n${generated}\n`;
  await writeFile(file, next);
}
