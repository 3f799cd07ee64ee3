// Builds the running config from its sources, lowest first:
// built-in defaults < TOML file (--config or FERRY_CONFIG) < FERRY_* environment < flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ignoredOption, type IgnoredOption } from './not-honoured.js';
import { configSchema, envName, OPTION_ALIASES, OPTION_NAMES, TABLE_FIELDS, type Config } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigSources {
  /** Path of a TOML file (plikd.cfg works as is). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Options set on the command line, by option name. */
  flags?: Record<string, unknown>;
}

export interface LoadedConfig {
  config: Config;
  /** Options found in the file that Ferry does not act on, ignored so that a plikd.cfg still starts; with why. */
  ignored: IgnoredOption[];
}

export function loadConfig(sources: ConfigSources = {}): LoadedConfig {
  const env = sources.env ?? {};
  const file = sources.file ?? env.FERRY_CONFIG;
  const { options: fromFile, ignored } = file ? canonicalOptions(readToml(file)) : { options: {}, ignored: [] };

  const merged: Record<string, unknown> = {};
  for (const option of OPTION_NAMES) {
    const value = sources.flags?.[option] ?? env[envName(option)] ?? fromFile[option];
    if (value !== undefined) merged[option] = value;
  }
  ignored.push(...unknownFlags(sources.flags ?? {}), ...unknownVariables(env));

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const option = issue.path.join('.');
      const origin = describeOrigin(String(issue.path[0]), sources, env, file);
      return `${option}${origin}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return { config: result.data, ignored };
}

/** Flags (`-o Name=value`) that name no option: a typo must not pass unnoticed. */
function unknownFlags(flags: Record<string, unknown>): IgnoredOption[] {
  const known = new Set<string>(OPTION_NAMES);
  return Object.keys(flags)
    .filter((name) => flags[name] !== undefined && !known.has(name))
    .map((name) => ({ ...ignoredOption(name), option: `-o ${name}` }));
}

/** FERRY_* variables that name no option (FERRY_CONFIG names the file). */
function unknownVariables(env: NodeJS.ProcessEnv): IgnoredOption[] {
  const known = new Set<string>(['FERRY_CONFIG', ...OPTION_NAMES.map(envName)]);
  return Object.keys(env)
    .filter((name) => name.startsWith('FERRY_') && !known.has(name))
    .map((name) => ({ option: name, reason: 'no option has this variable: FERRY_<OPTION_IN_UPPER_SNAKE_CASE>' }));
}

/** Plik matches option names without regard to case, and knows some under a second name. */
function canonicalOptions(table: Record<string, unknown>): { options: Record<string, unknown>; ignored: IgnoredOption[] } {
  const byLowerCase = new Map<string, string>();
  for (const name of OPTION_NAMES) byLowerCase.set(name.toLowerCase(), name);
  for (const [alias, name] of Object.entries(OPTION_ALIASES)) byLowerCase.set(alias.toLowerCase(), name);
  const options: Record<string, unknown> = {};
  const ignored: IgnoredOption[] = [];
  for (const [key, value] of Object.entries(table)) {
    const name = byLowerCase.get(key.toLowerCase());
    if (name) options[name] = value;
    else ignored.push(ignoredOption(key));
    // A table's keys Ferry does not know (a Plik backend's Debug, say) are left aside too, and said so.
    if (name && name in TABLE_FIELDS && value !== null && typeof value === 'object') {
      const known = TABLE_FIELDS[name as keyof typeof TABLE_FIELDS];
      for (const nested of Object.keys(value)) if (!known.includes(nested)) ignored.push(ignoredOption(`${name}.${nested}`));
    }
  }
  return { options, ignored };
}

function readToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid TOML: ${(err as Error).message}`);
  }
}

function describeOrigin(option: string, sources: ConfigSources, env: NodeJS.ProcessEnv, file?: string): string {
  if (sources.flags?.[option] !== undefined) return ' (from flags)';
  if (env[envName(option)] !== undefined) return ` (from ${envName(option)})`;
  return file ? ` (from ${file})` : '';
}

/** Where the SQLite file and the files folder go when the config does not say. */
export function embeddedPaths(config: Config): { sqliteFile: string; filesDir: string } {
  const dataDir = path.resolve(config.DataDir);
  return {
    sqliteFile: path.resolve(dataDir, config.MetadataBackendConfig.ConnectionString ?? 'ferry.db'),
    filesDir: path.resolve(dataDir, config.DataBackendConfig.Directory ?? 'files'),
  };
}
