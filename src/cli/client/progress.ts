// Progress of file transfers: a byte counter to put in a stream, and one bar per file on a terminal
// (size, speed, time left), drawn on stderr so that stdout keeps nothing but results.
import { pipeline, Transform, type Readable } from 'node:stream';
import type cliProgress from 'cli-progress';
import { requireWhenUsed } from '../when-used.js';
import { formatSize } from '../../domain/sizes.js';

export type Counter = (bytes: number) => void;

/** A pass-through stream that tells `count` how many bytes went by. */
export function countBytes(count: Counter): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count(chunk.length);
      done(null, chunk);
    },
  });
}

/** `source` with its bytes counted; an error of the source fails the counted stream too. */
export function counted(source: Readable, count: Counter): Readable {
  const counter = countBytes(count);
  pipeline(source, counter, () => undefined);
  return counter;
}

export interface Bar {
  count: Counter;
  finish(outcome: 'done' | 'failed'): void;
}

export interface Progress {
  /** A bar for one file; `total` is unknown for stdin and archives of unknown size. */
  bar(name: string, total: number | undefined): Bar;
  stop(): void;
}

const BAR_WIDTH = 30;

/** Bars on stderr when it is a terminal and `enabled`, names padded to `names`' longest; otherwise counting is a no-op. */
export function startProgress(enabled: boolean, names: string[]): Progress {
  if (!enabled || !process.stderr.isTTY) return { bar: () => ({ count: () => undefined, finish: () => undefined }), stop: () => undefined };
  const { MultiBar } = requireWhenUsed('cli-progress') as typeof cliProgress;
  const bars = new MultiBar({ stream: process.stderr, hideCursor: true, fps: 5, format: render });
  const width = Math.max(0, ...names.map((name) => name.length));
  return {
    bar(name, total) {
      const bar = bars.create(total ?? 0, 0, { name: name.padEnd(width), known: total !== undefined, state: '' });
      return {
        count: (bytes) => bar.increment(bytes),
        finish: (outcome) => {
          bar.update({ state: outcome === 'done' ? 'done' : 'FAILED' });
          bar.stop();
        },
      };
    },
    stop: () => bars.stop(),
  };
}

interface Payload {
  name: string;
  known: boolean;
  state: string;
}

/** name [#####-----]  42% 1.2 GB / 2.9 GB  85 MB/s  ETA 20s */
function render(_options: cliProgress.Options, params: cliProgress.Params, payload: Payload): string {
  const seconds = Math.max((Date.now() - params.startTime) / 1000, 0.001);
  const speed = `${formatSize(Math.round(params.value / seconds))}/s`;
  const sent = formatSize(params.value);
  if (!payload.known) return `${payload.name}  ${sent}  ${speed}  ${payload.state}`;
  const ratio = params.total > 0 ? Math.min(params.value / params.total, 1) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  const left = payload.state || `ETA ${formatDuration(params.eta)}`;
  return `${payload.name} [${bar}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${sent} / ${formatSize(params.total)}  ${speed}  ${left}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
