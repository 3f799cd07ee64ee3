import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { envName } from '../../src/config/schema.js';

const tempFile = async (name: string, text: string) => {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ferry-config-')), name);
  await writeFile(file, text);
  return file;
};

describe('config', () => {
  it('has defaults that start Ferry on :8080 with data in ./data', () => {
    const { config } = loadConfig();
    expect(config).toMatchObject({
      ListenAddress: '0.0.0.0',
      ListenPort: 8080,
      DataDir: './data',
      MaxFileSize: 10_000_000_000,
      DefaultTTL: 2592000,
    });
  });

  it('reads the tus options: on by default at /tus/, pieces of 50 MiB, a day before an idle upload goes', () => {
    expect(loadConfig().config).toMatchObject({
      TusEnabled: true,
      TusPath: '/tus/',
      TusChunkSize: 50 * 1024 * 1024,
      TusUploadExpiry: 86400,
    });
    const env = { FERRY_TUS_ENABLED: 'false', FERRY_TUS_PATH: 'resumable', FERRY_TUS_CHUNK_SIZE: '8MiB', FERRY_TUS_UPLOAD_EXPIRY: '2h' };
    expect(loadConfig({ env }).config).toMatchObject({
      TusEnabled: false,
      TusPath: '/resumable/',
      TusChunkSize: 8 * 1024 * 1024,
      TusUploadExpiry: 7200,
    });
    expect(() => loadConfig({ flags: { TusPath: '/' } })).toThrow(/TusPath \(from flags\): must be a URL path/);
    expect(() => loadConfig({ flags: { TusChunkSize: 0 } })).toThrow(/TusChunkSize \(from flags\): must be at least one byte/);
    expect(() => loadConfig({ env: { FERRY_TUS_UPLOAD_EXPIRY: '0' } })).toThrow(/TusUploadExpiry \(from FERRY_TUS_UPLOAD_EXPIRY\)/);
  });

  it('reads the clamd options: off by default, failing closed and refusing infected files once an address is set', () => {
    expect(loadConfig().config).toMatchObject({
      ClamdAddress: undefined,
      ClamdInfected: 'refuse',
      ClamdOnError: 'refuse',
      ClamdTimeout: 60,
    });
    const env = {
      FERRY_CLAMD_ADDRESS: 'tcp://clamav:3310',
      FERRY_CLAMD_INFECTED: 'quarantine',
      FERRY_CLAMD_ON_ERROR: 'accept',
      FERRY_CLAMD_TIMEOUT: '2m',
    };
    expect(loadConfig({ env }).config).toMatchObject({
      ClamdAddress: { host: 'clamav', port: 3310 },
      ClamdInfected: 'quarantine',
      ClamdOnError: 'accept',
      ClamdTimeout: 120,
    });
    expect(loadConfig({ flags: { ClamdAddress: '/run/clamav/clamd.ctl' } }).config.ClamdAddress).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(() => loadConfig({ flags: { ClamdAddress: 'clamav:3310' } })).toThrow(
      /ClamdAddress \(from flags\): must be "tcp:\/\/host:port" or the absolute path of a unix socket/,
    );
    expect(() => loadConfig({ flags: { ClamdInfected: 'delete' } })).toThrow(
      /ClamdInfected \(from flags\): must be "refuse" or "quarantine"/,
    );
    expect(() => loadConfig({ flags: { ClamdOnError: 'ignore' } })).toThrow(/ClamdOnError \(from flags\): must be "refuse" or "accept"/);
    expect(() => loadConfig({ flags: { ClamdTimeout: 0 } })).toThrow(/ClamdTimeout \(from flags\): must be at least one second/);
  });

  it('names environment variables FERRY_<OPTION_IN_UPPER_SNAKE_CASE>', () => {
    expect(envName('ListenPort')).toBe('FERRY_LISTEN_PORT');
    expect(envName('MaxTTL')).toBe('FERRY_MAX_TTL');
    expect(envName('DefaultTTL')).toBe('FERRY_DEFAULT_TTL');
    expect(envName('MaxFileSizeMB')).toBe('FERRY_MAX_FILE_SIZE_MB');
    expect(envName('FeatureSetTTL')).toBe('FERRY_FEATURE_SET_TTL');
    expect(envName('DataDir')).toBe('FERRY_DATA_DIR');
  });

  it('layers defaults < file < environment < flags', async () => {
    const file = await tempFile('ferry.toml', 'ListenPort = 9000\nMaxFilePerUpload = 5\nDefaultTTL = "1h"\nFeatureOneShot = "forced"\n');
    const { config } = loadConfig({
      file,
      env: { FERRY_MAX_FILE_PER_UPLOAD: '7', FERRY_FEATURE_ONE_SHOT: 'disabled' },
      flags: { FeatureOneShot: 'default' },
    });
    expect(config).toMatchObject({ ListenPort: 9000, MaxFilePerUpload: 7, DefaultTTL: 3600, FeatureOneShot: 'default' });
  });

  it('starts from an existing plikd.cfg, ignoring what Ferry does not know', async () => {
    const file = await tempFile(
      'plikd.cfg',
      [
        'Debug = false',
        'LogLevel = "info"',
        'ListenAddress = "0.0.0.0"',
        'ListenPort = 8080',
        'MaxFileSizeStr = "10GB"',
        'MaxFilePerUpload = 1000',
        'DefaultTTLStr = "30d"',
        'MaxTTLStr = "30d"',
        'SslEnabled = false',
        'NoWebInterface = false',
        'DownloadDomain = ""',
        'EnhancedWebSecurity = false',
        'SessionTimeout = "365d"',
        'featureAuthentication = "disabled"',
        'FeatureOneShot = "enabled"',
        'GoogleApiClientID = ""',
        'DataBackend = "file"',
        '[DataBackendConfig]',
        '    Directory = "files"',
        '[MetadataBackendConfig]',
        '    Driver = "sqlite3"',
        '    ConnectionString = "plik.db"',
      ].join('\n'),
    );
    const { config, ignored } = loadConfig({ file });
    expect(config).toMatchObject({ MaxFileSize: 10_000_000_000, DefaultTTL: 2592000, MaxTTL: 2592000, FeatureAuthentication: 'disabled' });
    expect(config.MetadataBackendConfig).toMatchObject({ Driver: 'sqlite3', ConnectionString: 'plik.db' });
    expect(ignored.map((i) => i.option)).toEqual(['EnhancedWebSecurity']);
    expect(config.GoogleApiClientID).toBe('');
    expect(config.SessionTimeout).toBe(365 * 86400);
  });

  it('reads sizes in Plik units and MaxFileSizeMB as Gokapi does', () => {
    expect(loadConfig({ flags: { MaxFileSize: '512MiB' } }).config.MaxFileSize).toBe(512 * 1024 * 1024);
    expect(loadConfig({ flags: { MaxFileSize: 'unlimited' } }).config.MaxFileSize).toBe(-1);
    expect(loadConfig({ env: { FERRY_MAX_FILE_SIZE_MB: '100' } }).config.MaxFileSize).toBe(100 * 1024 * 1024);
  });

  it.each([
    [{ ListenPort: '70000' }, /ListenPort \(from flags\)/],
    [{ MaxFileSize: 'lots' }, /MaxFileSize \(from flags\): not a size/],
    [{ FeatureOneShot: 'sometimes' }, /FeatureOneShot/],
    [{ DefaultTTL: '40d' }, /DefaultTTL.*no longer than MaxTTL/],
    [{ DownloadDomain: 'not a url' }, /DownloadDomain/],
    [{ DataBackendConfig: '{not json' }, /DataBackendConfig/],
    [{ FeatureEncryption: 'forced' }, /Encryption: must be "server" or "link" when FeatureEncryption is "forced"/],
  ])('stops on a bad value with a message naming the option: %j', (flags, message) => {
    expect(() => loadConfig({ flags })).toThrow(ConfigError);
    expect(() => loadConfig({ flags })).toThrow(message);
  });

  it('names -o options and FERRY_* variables that are no option, so that a typo is not dropped unsaid', () => {
    const { ignored } = loadConfig({
      env: { FERRY_LISTEN_PROT: '9000', FERRY_CONFIG: '', FERRY_LISTEN_PORT: '9001' },
      flags: { MaxTTl: '7d', MaxTTL: '30d' },
    });
    expect(ignored).toEqual([
      { option: '-o MaxTTl', reason: 'neither a Plik nor a Ferry option' },
      { option: 'FERRY_LISTEN_PROT', reason: 'no option has this variable: FERRY_<OPTION_IN_UPPER_SNAKE_CASE>' },
    ]);
  });

  it('names the environment variable a bad value came from', () => {
    expect(() => loadConfig({ env: { FERRY_LISTEN_PORT: 'http' } })).toThrow(/ListenPort \(from FERRY_LISTEN_PORT\)/);
  });

  it('`ferry serve` refuses to start on a bad value, saying which option is wrong', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '-o', 'MaxTTL=forever'], {
      env: { ...process.env, FERRY_CONFIG: '' },
    });
    const failure = await run.then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/MaxTTL \(from flags\): not a duration/);
  });

  it('`ferry serve` that cannot start says why in one line and exits 1: a port in use, a database out of reach', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-start-'));
    const serve = (...options: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDir, ...options], {
        env: { PATH: process.env.PATH, FERRY_CONFIG: '' },
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
    try {
      const inUse = await serve('--listen-address', '127.0.0.1', '--port', String(port));
      expect(inUse).toMatchObject({
        code: 1,
        stderr: `ferry: cannot listen on 127.0.0.1:${port}: the port is in use by another program (ListenPort)\n`,
      });
      // A closed port stands for a database server that is down.
      const noDatabase = await serve(
        '--port',
        '0',
        '-o',
        `MetadataBackendConfig={"Driver":"postgres","ConnectionString":"postgres://ferry@127.0.0.1:${port + 1}/ferry"}`,
      );
      expect(noDatabase?.code).toBe(1);
      expect(noDatabase?.stderr).toMatch(/^ferry: could not start: metadata store \(postgres\) could not be opened: .*\n$/);
    } finally {
      taken.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reads TrustedProxies as addresses and CIDRs or a hop count, from a file or the environment', () => {
    expect(loadConfig().config.TrustedProxies).toEqual([]);
    expect(loadConfig({ env: { FERRY_TRUSTED_PROXIES: '127.0.0.1/32, 10.0.0.0/8,::1' } }).config.TrustedProxies).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(loadConfig({ env: { FERRY_TRUSTED_PROXIES: '["loopback"]' } }).config.TrustedProxies).toEqual(['loopback']);
    expect(loadConfig({ env: { FERRY_TRUSTED_PROXIES: '2' } }).config.TrustedProxies).toBe(2);
    expect(loadConfig({ flags: { TrustedProxies: 1, SourceIpHeader: 'X-Real-IP' } }).config).toMatchObject({
      TrustedProxies: 1,
      SourceIpHeader: 'X-Real-IP',
    });
    expect(() => loadConfig({ flags: { TrustedProxies: ['proxy.example.com'] } })).toThrow(
      /TrustedProxies\.0 \(from flags\): must be an address or a CIDR/,
    );
    expect(() => loadConfig({ flags: { TrustedProxies: ['10.0.0.0/99'] } })).toThrow(
      /TrustedProxies\.0 \(from flags\): must be an address or a CIDR/,
    );
    expect(() => loadConfig({ flags: { TrustedProxies: 0 } })).toThrow(/TrustedProxies/);
  });

  it('reads DownloadOffload and its options from every source, and refuses one that does not fit the data backend', () => {
    const s3 = { DataBackend: 's3', DataBackendConfig: { Bucket: 'files' } };
    expect(loadConfig().config).toMatchObject({
      DownloadOffload: 'none',
      DownloadOffloadPrefix: '/_ferry_files/',
      DownloadOffloadTTL: 60,
      DownloadOffloadOneTime: false,
    });
    expect(
      loadConfig({ env: { FERRY_DOWNLOAD_OFFLOAD: 'nginx', FERRY_DOWNLOAD_OFFLOAD_PREFIX: '/internal/files/' } }).config,
    ).toMatchObject({ DownloadOffload: 'nginx', DownloadOffloadPrefix: '/internal/files/' });
    expect(
      loadConfig({ flags: { ...s3, DownloadOffload: 's3-presigned', DownloadOffloadTTL: '2m', DownloadOffloadOneTime: 'true' } }).config,
    ).toMatchObject({ DownloadOffloadTTL: 120, DownloadOffloadOneTime: true });
    for (const [flags, message] of [
      [{ DownloadOffload: 'apache' }, /DownloadOffload \(from flags\): must be one of "none", "nginx", "caddy", "s3-presigned"/],
      [
        { ...s3, DownloadOffload: 'nginx' },
        /DownloadOffload \(from flags\): nginx and caddy serve the files folder, and DataBackend is "s3"/,
      ],
      [
        { DownloadOffload: 's3-presigned' },
        /DownloadOffload \(from flags\): "s3-presigned" redirects clients to the bucket, and DataBackend is "file"/,
      ],
      [
        {
          ...s3,
          DataBackendConfig: { Bucket: 'b', SSE: 'C', SSECustomerKey: Buffer.alloc(32).toString('base64') },
          DownloadOffload: 's3-presigned',
        },
        /SSE "C"/,
      ],
      [
        { DownloadOffload: 'caddy', FeatureEncryption: 'forced', Encryption: 'server', EncryptionKey: Buffer.alloc(32).toString('base64') },
        /nothing to offload/,
      ],
      [{ DownloadOffloadPrefix: 'files' }, /DownloadOffloadPrefix \(from flags\): must be a URL path that starts and ends with "\/"/],
      [{ ...s3, DownloadOffload: 's3-presigned', DownloadOffloadTTL: '8d' }, /DownloadOffloadTTL.*at most 7 days/],
    ] as const) {
      expect(() => loadConfig({ flags }), JSON.stringify(flags)).toThrow(message);
    }
  });
});
