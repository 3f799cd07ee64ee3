// The machine a benchmark ran on, as docs/BENCHMARKS.md states it: numbers mean little without it.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  node: string;
}

export function describeMachine(): Machine {
  // os.cpus() can report an empty model on some VMs; /proc/cpuinfo is what the kernel saw.
  const cpuinfo = (() => {
    try {
      return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  })();
  return {
    cpu: cpuinfo ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: os.totalmem() / 1024 ** 3,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
