// `ferry info`: the client's version, and the server's version and limits (GET /version and /config).
import { Command } from 'commander';
import { formatSize } from '../../domain/sizes.js';
import { FERRY_VERSION } from '../../version.js';
import { connect, run, withServerOptions, type ServerFlags } from './command.js';

interface InfoFlags extends ServerFlags {
  json?: boolean;
}

export function infoCommand(): Command {
  return withServerOptions(
    new Command('info').description("show the server's version, limits and features").option('--json', 'print JSON'),
  ).action(
    run(async (flags: InfoFlags) => {
      const { api } = await connect(flags);
      const version = await api.json<{ version?: string }>('/version', { what: 'reading the server version' });
      const config = await api.json<Record<string, unknown>>('/config', { what: 'reading the server configuration' });
      const out = (line: string) => void process.stdout.write(`${line}\n`);
      if (flags.json) return out(JSON.stringify({ client: FERRY_VERSION, server: api.base, version, config }, null, 2));
      out(`ferry client ${FERRY_VERSION}`);
      out(`server       ${api.base}`);
      out(`version      ${version.version ?? 'unknown'}`);
      out('');
      for (const [key, value] of Object.entries(config)) {
        if (value === null || value === '') continue;
        out(`${key.padEnd(24)} ${shown(key, value)}`);
      }
    }),
  );
}

/** Sizes and durations in words; -1 and 0 are Plik's "no limit". */
function shown(key: string, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  if (/size/i.test(key)) return value > 0 ? formatSize(value) : 'unlimited';
  if (/ttl/i.test(key)) return value > 0 ? duration(value) : 'unlimited';
  return String(value);
}

function duration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ];
  for (const [size, unit] of units) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}
