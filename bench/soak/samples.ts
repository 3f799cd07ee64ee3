// What the soak watches in a Ferry process every few seconds, and the test that none of it grows without bound.
import { readdirSync, readlinkSync } from 'node:fs';
import { readRssSync } from '../server.js';

export interface Sample {
  /** Seconds since the soak began. */
  t: number;
  rssMiB: number;
  fds: number;
  /** The event loop's delay, 99th percentile over the interval since the last sample (Ferry's /metrics). */
  loopP99Ms: number;
  /** Connections to the metadata database: the server's own count for PostgreSQL, the open files of the SQLite database. */
  dbConnections: number;
}

export type Metric = Exclude<keyof Sample, 't'>;
export const METRICS: Metric[] = ['rssMiB', 'fds', 'loopP99Ms', 'dbConnections'];

/**
 * How much a metric may grow over the second half of the soak, by a least-squares line through its samples there:
 * the line's rise across that half must stay below `absolute` plus `relative` times the half's median. A leak
 * rises steadily and fails; warming up (the first half) is left out, and noise around a level has a flat line.
 * Memory is given the most room: the garbage collector's saw-tooth spans tens of MiB, and a short soak's line is
 * tilted by where in a tooth it ends. The event loop's delay follows the machine's load as much as Ferry's: it may
 * double before it counts as growing.
 */
export const GROWTH_ALLOWED: Record<Metric, { absolute: number; relative: number }> = {
  rssMiB: { absolute: 24, relative: 0.15 },
  fds: { absolute: 5, relative: 0.2 },
  loopP99Ms: { absolute: 100, relative: 1 },
  dbConnections: { absolute: 1, relative: 0 },
};

export interface Trend {
  metric: Metric;
  median: number;
  /** The fitted line's rise over the second half. */
  rise: number;
  allowed: number;
  ok: boolean;
}

export function trends(samples: readonly Sample[]): Trend[] {
  const end = samples.at(-1)?.t ?? 0;
  const half = samples.filter((s) => s.t >= end / 2);
  return METRICS.map((metric) => {
    const values = half.map((s) => s[metric]);
    const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const rise =
      slope(
        half.map((s) => s.t),
        values,
      ) *
      ((half.at(-1)?.t ?? 0) - (half[0]?.t ?? 0));
    const { absolute, relative } = GROWTH_ALLOWED[metric];
    const allowed = absolute + relative * median;
    return { metric, median, rise, allowed, ok: rise <= allowed };
  });
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Open file descriptors of `pid`, and how many of them are files whose path contains `sqliteFile`. */
export function openFiles(pid: number, sqliteFile?: string): { fds: number; sqlite: number } {
  const fds = readdirSync(`/proc/${pid}/fd`);
  let sqlite = 0;
  if (sqliteFile) {
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).includes(sqliteFile)) sqlite++;
      } catch {
        // closed between the listing and the read
      }
    }
  }
  return { fds: fds.length, sqlite };
}

/** The p99 of the event loop's delay from a Prometheus scrape of Ferry's /metrics (prom-client resets it each scrape). */
export async function loopDelayP99Ms(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
  const line = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  return line ? Number(line[1]) * 1000 : 0;
}

export function rssMiB(pid: number): number {
  return (readRssSync(pid) ?? 0) / (1024 * 1024);
}
