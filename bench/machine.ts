// The machine a benchmark ran on, as docs/BENCHMARKS.md states it: numbers mean little without it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  node: string;
  /** Ferry's version and commit, the libraries on its hot paths, and the tools measuring it. */
  versions: string;
  /** The load average over the last minute when the bench started: above the core count, other tenants were busy. */
  load: number;
}

/** What a command prints about its version, matched on stdout and stderr (nginx -v writes to stderr). */
function toolVersion(command: string, args: string[], pattern: RegExp): string | undefined {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  return pattern.exec(`${run.stdout ?? ''}${run.stderr ?? ''}`)?.[1];
}

/** A package.json's version, read as a file: some packages' exports do not include it. */
function packageVersion(file: URL): string {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function versions(): string {
  const root = new URL('../', import.meta.url);
  const commit = toolVersion('git', ['rev-parse', '--short', 'HEAD'], /^(\w+)/);
  return [
    `Ferry ${packageVersion(new URL('package.json', root))}${commit ? ` (${commit})` : ''}`,
    ...['fastify', 'kysely', 'better-sqlite3', 'pino'].map(
      (name) => `${name} ${packageVersion(new URL(`node_modules/${name}/package.json`, root))}`,
    ),
    `curl ${toolVersion('curl', ['--version'], /^curl (\S+)/) ?? 'absent'}`,
    `nginx ${toolVersion('nginx', ['-v'], /nginx\/(\S+)/) ?? 'absent'}`,
  ].join(', ');
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
    versions: versions(),
    load: os.loadavg()[0] ?? 0,
  };
}
