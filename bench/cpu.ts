// The CPU time a server process spends on a job, read from /proc: on a shared machine it moves far less than the
// job's wall time, so the bench reports it next to MB/s, as the median and range of several runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The kernel's clock ticks per second, the unit of utime and stime (100 on Linux almost everywhere). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, all its threads (the hashing thread, libuv's pool), in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ")".
  // After it come state (field 3) ... utime (14) and stime (15).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** What one run of a job cost: the CPU seconds of each process watched, and the wall time. */
export interface Cost {
  cpu: number;
  ms: number;
}

/** Runs `job`, reading the CPU time of `pid` just before and just after it. */
export async function costOf(pid: number, job: () => Promise<unknown>): Promise<Cost> {
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  await job();
  const ms = performance.now() - started;
  return { cpu: cpuSeconds(pid) - cpu, ms };
}

/** The median of several runs and their range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spreadOf(values: number[]): Spread {
  if (values.length === 0) throw new Error('no runs to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}
