// Ferry starts on Plik's own sample plikd.cfg (test/fixtures/plikd.cfg, as Plik ships it): every option in it is
// either honoured or named, with its reason, in the one start-up warning about ignored options.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { OPTION_ALIASES, OPTION_NAMES, TABLE_FIELDS } from '../../src/config/schema.js';
import { CLI_TESTS, spawnCli, tempHome } from '../helpers/ferry-cli.js';

const PLIKD_CFG = path.resolve(import.meta.dirname, '../fixtures/plikd.cfg');

/** Every option the file sets, nested ones as Table.Key. */
async function optionsIn(file: string): Promise<string[]> {
  const table = parseToml(await readFile(file, 'utf8')) as Record<string, unknown>;
  return Object.entries(table).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? [key, ...Object.keys(value).map((nested) => `${key}.${nested}`)]
      : [key],
  );
}

const known = new Set([...OPTION_NAMES, ...Object.keys(OPTION_ALIASES)].map((name) => name.toLowerCase()));
const honoured = (option: string) => {
  const [table, nested] = option.split('.');
  if (nested === undefined) return known.has(table!.toLowerCase());
  return (TABLE_FIELDS as Record<string, string[]>)[table!]?.includes(nested) ?? false;
};

/** Runs `check` on a plikd.cfg of these lines, in a folder of its own removed after. */
async function withPlikdCfg(lines: string[], check: (file: string) => Promise<void> | void): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-plikd-'));
  try {
    const file = path.join(dir, 'plikd.cfg');
    await writeFile(file, lines.join('\n'));
    await check(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("Plik's plikd.cfg", () => {
  it('loads: each option is honoured, or ignored with the reason Ferry does not act on it', async () => {
    const { config, ignored } = loadConfig({ file: PLIKD_CFG });
    expect(config).toMatchObject({
      LogLevel: 'info',
      ListenPort: 8080,
      SslEnabled: false,
      TlsVersion: 'tlsv10',
      SourceIpHeader: '',
      TrustedProxies: [],
      MaxFileSize: 10_000_000_000,
      MaxUserSize: -1,
      DefaultTTL: 30 * 86400,
      SessionTimeout: 365 * 86400,
      OvhApiEndpoint: 'https://eu.api.ovh.com/1.0',
    });
    const options = await optionsIn(PLIKD_CFG);
    const ignoredNames = ignored.map((i) => i.option);
    for (const option of options) {
      expect(honoured(option) !== ignoredNames.includes(option), `${option}: honoured or ignored, not both or neither`).toBe(true);
    }
    for (const { option, reason } of ignored) {
      expect(reason, option).not.toMatch(/neither a Plik nor a Ferry option/);
    }
    expect(ignoredNames).toEqual(expect.arrayContaining(['DebugRequests', 'MetadataBackendConfig.Debug']));
    for (const honoured of ['MetricsPort', 'NoWebInterface', 'AbuseContact', 'WebappDirectory', 'ClientsDirectory'])
      expect(ignoredNames).not.toContain(honoured);
  });

  it('starts `ferry serve`, which says in one warning what it ignored and why', CLI_TESTS, async () => {
    const home = await tempHome();
    const child = spawnCli(['serve', '--config', PLIKD_CFG, '--data-dir', home, '--listen-address', '127.0.0.1', '--port', '0'], home);
    try {
      const lines: Record<string, unknown>[] = [];
      let buffered = '';
      const ready = new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
            const line = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
            buffered = buffered.slice(end + 1);
            lines.push(line);
            const url = /^Ferry (\S+) ready$/.exec(String(line.msg))?.[1];
            if (url) resolve(url);
          }
        });
        child.once('exit', (code) => reject(new Error(`ferry serve exited with ${code}`)));
      });
      const url = await ready;
      expect((await fetch(`${url}/health`)).status).toBe(200);

      // One warning about options (another may say the web page is not built, as in a fresh clone).
      const warnings = lines.filter((line) => line.level === 40 && /option/.test(String(line.msg)));
      expect(warnings, JSON.stringify(warnings)).toHaveLength(1);
      const [warning] = warnings as [{ msg: string; ignored: { option: string; reason: string }[] }];
      const { ignored } = loadConfig({ file: PLIKD_CFG });
      expect(warning.ignored).toEqual(ignored);
      for (const { option, reason } of ignored) expect(warning.msg).toContain(`${option} (${reason})`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      await rm(home, { recursive: true, force: true });
    }
  });

  it("reads Plik's log levels in any case, and Debug = true as the debug level", () => {
    const level = (flags: Record<string, unknown>) => loadConfig({ flags }).config.LogLevel;
    expect(level({ LogLevel: 'DEBUG' })).toBe('debug');
    expect(level({ LogLevel: 'Info' })).toBe('info');
    expect(level({ LogLevel: 'WARNING' })).toBe('warn');
    expect(level({ LogLevel: 'critical' })).toBe('error');
    expect(level({ LogLevel: 'warn' })).toBe('warn');
    expect(level({ LogLevel: 'INFO', Debug: true })).toBe('debug');
    expect(() => level({ LogLevel: 'LOUD' })).toThrow(/LogLevel \(from flags\): must be debug, info, warning, critical/);
  });

  it('takes the proxy, TLS and connection options in plikd.cfg form', async () => {
    await withPlikdCfg(
      [
        'SourceIpHeader = "X-REAL-IP"',
        'TrustedProxies = ["127.0.0.1/32", "10.0.0.0/8"]',
        'SslEnabled = false',
        'SslCert = "plik.crt"',
        'SslKey = "plik.key"',
        'TlsVersion = "TLSV13"',
        'IdleTimeout = "2m"',
        'MaxConnections = 500',
        'StreamTimeout = "1h"',
      ],
      async (file) => {
        const { config, ignored } = loadConfig({ file });
        expect(ignored).toEqual([]);
        expect(config).toMatchObject({
          SourceIpHeader: 'X-REAL-IP',
          TrustedProxies: ['127.0.0.1/32', '10.0.0.0/8'],
          SslCert: 'plik.crt',
          SslKey: 'plik.key',
          TlsVersion: 'tlsv13',
          IdleTimeout: 120,
          MaxConnections: 500,
          StreamTimeout: 3600,
        });
        await writeFile(file, 'TrustedProxies = 2\n');
        expect(loadConfig({ file }).config.TrustedProxies).toBe(2);
      },
    );
  });
});

describe("Plik 1.4's options", () => {
  it('are each honoured or named with a reason, none unknown; StreamTimeoutStr is StreamTimeout', async () => {
    await withPlikdCfg(
      [
        'StreamTimeoutStr = "5m"',
        'EnableArchiveCompression = false',
        'FeatureLocalLogin = "enabled"',
        'FeatureDeleteAccount = "disabled"',
        'FeatureApiTokens = "enabled"',
        'FeatureE2EE = "default"',
        'OIDCRequireVerifiedEmail = true',
        'ChangelogDirectory = "../changelog"',
        'MetricsAddress = "127.0.0.1"',
      ],
      (file) => {
        const { config, ignored } = loadConfig({ file });
        expect(config).toMatchObject({
          StreamTimeout: 300,
          EnableArchiveCompression: false,
          FeatureDeleteAccount: 'disabled',
          OIDCRequireVerifiedEmail: true,
        });
        expect(ignored.map(({ option }) => option)).toEqual(['ChangelogDirectory']);
      },
    );
  });

  it("takes Plik 1.4's GitHub options, and names GitHubAuthentication, which their presence decides", async () => {
    await withPlikdCfg(
      [
        'FeatureAuthentication = "enabled"',
        // GitHub is a way in: the local form may be off.
        'FeatureLocalLogin = "disabled"',
        'GitHubAuthentication = true',
        'GitHubApiClientID = "Iv1.0123456789abcdef"',
        'GitHubApiSecret = "github-secret"',
        'GitHubValidOrganizations = ["myorg", "other-org"]',
      ],
      (file) => {
        const { config, ignored } = loadConfig({ file, env: { FERRY_GIT_HUB_API_SECRET: 'from-the-environment' } });
        expect(ignored).toEqual([
          { option: 'GitHubAuthentication', reason: 'GitHub sign-in is on when GitHubApiClientID and GitHubApiSecret are set' },
        ]);
        expect(config).toMatchObject({
          GitHubApiClientID: 'Iv1.0123456789abcdef',
          GitHubApiSecret: 'from-the-environment',
          GitHubValidOrganizations: ['myorg', 'other-org'],
          GitHubURL: 'https://github.com',
          GitHubApiURL: 'https://api.github.com',
        });
      },
    );
  });
});
