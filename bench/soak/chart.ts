// The soak's samples as a chart: one panel per metric, one line per stack, drawn as SVG here and photographed to a
// PNG by Debian's Chromium through playwright-core (which the web tests use already: no new native dependency).
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import type { StackResult } from './run.js';
import { METRICS, type Metric } from './samples.js';

const TITLES: Record<Metric, string> = {
  rssMiB: 'Resident memory (MiB)',
  fds: 'Open file descriptors',
  loopP99Ms: 'Event loop delay, p99 (ms)',
  dbConnections: 'Database connections (SQLite: open files)',
};
const COLOURS = ['#1f6feb', '#d1242f'];
const PANEL = { width: 460, height: 220, margin: 44 };

function panel(metric: Metric, results: readonly StackResult[], x: number, y: number): string {
  const { width, height, margin } = PANEL;
  const all = results.flatMap((r) => r.samples);
  const tMax = Math.max(1, ...all.map((s) => s.t));
  const vMax = Math.max(1, ...all.map((s) => s[metric])) * 1.15;
  const px = (t: number) => x + margin + (t / tMax) * (width - margin - 12);
  const py = (v: number) => y + height - 28 - (v / vMax) * (height - 28 - 30);
  const lines = results.map((r, i) => {
    const points = r.samples.map((s) => `${px(s.t).toFixed(1)},${py(s[metric]).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${COLOURS[i]}" stroke-width="1.6" points="${points}"/>`;
  });
  const ticks = [0, 0.5, 1].map((f) => {
    const v = vMax * f;
    return `<text x="${x + margin - 6}" y="${py(v) + 4}" text-anchor="end" fill="#555">${v < 10 ? v.toFixed(1) : Math.round(v)}</text>
<line x1="${x + margin}" x2="${x + width - 12}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/>`;
  });
  return [
    `<text x="${x + margin}" y="${y + 18}" font-weight="bold">${TITLES[metric]}</text>`,
    ...ticks,
    `<text x="${x + width - 12}" y="${y + height - 8}" text-anchor="end" fill="#555">${Math.round(tMax / 60)} min</text>`,
    `<text x="${x + margin}" y="${y + height - 8}" fill="#555">0</text>`,
    ...lines,
  ].join('\n');
}

export function chartSvg(results: readonly StackResult[]): string {
  const width = PANEL.width * 2;
  const height = PANEL.height * 2 + 30;
  const panels = METRICS.map((metric, i) => panel(metric, results, (i % 2) * PANEL.width, 30 + Math.floor(i / 2) * PANEL.height));
  const legend = results.map(
    (r, i) =>
      `<rect x="${PANEL.margin + i * 200}" y="8" width="14" height="4" fill="${COLOURS[i]}"/><text x="${PANEL.margin + 20 + i * 200}" y="14">${r.stack}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
${legend.join('\n')}
${panels.join('\n')}
</svg>`;
}

/** Writes the chart as a PNG at `file`. */
export async function writeChartPng(results: readonly StackResult[], file: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><body style="margin:0">${chartSvg(results)}</body>`);
    await writeFile(file, await page.locator('svg').screenshot());
  } finally {
    await browser.close();
  }
}
