// DataBackend = "s3": Plik's DataBackendConfig read from a plikd.cfg or the environment, Ferry's additions,
// the settings the S3 client gets from them, and a clear message for each mistake.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { s3ClientConfig, s3Encryption } from '../../src/data/s3/open-s3.js';

const s3 = (table: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  loadConfig({ flags: { DataBackend: 's3', DataBackendConfig: table, ...more } }).config;

const problems = (table: Record<string, unknown>, more: Record<string, unknown> = {}) => {
  try {
    s3(table, more);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('DataBackend = "s3"', () => {
  it('reads the [DataBackendConfig] table of a plikd.cfg: host:port endpoint, UseSSL, PartSize in bytes', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ferry-s3-')), 'plikd.cfg');
    await writeFile(
      file,
      [
        'DataBackend = "s3"',
        '[DataBackendConfig]',
        '    Endpoint = "127.0.0.1:9000"',
        '    AccessKeyID = "access_key_id"',
        '    SecretAccessKey = "access_key_secret"',
        '    Bucket = "plik"',
        '    Location = "eu-west-3"',
        '    Prefix = "/uploads/"',
        '    UseSSL = false',
        '    PartSize = 16777216',
        '    SSE = "SSE-C"',
        `    SSECustomerKey = "${Buffer.alloc(32, 1).toString('base64')}"`,
      ].join('\n'),
    );
    const { config } = loadConfig({ file });
    expect(config.DataBackend).toBe('s3');
    expect(config.DataBackendConfig).toMatchObject({
      Endpoint: 'http://127.0.0.1:9000',
      Bucket: 'plik',
      Prefix: 'uploads',
      PartSize: 16 * 1024 * 1024,
      SSE: 'C',
      ForcePathStyle: true,
      RequestChecksumCalculation: 'WHEN_REQUIRED',
    });
    expect(s3ClientConfig(config.DataBackendConfig)).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: { accessKeyId: 'access_key_id', secretAccessKey: 'access_key_secret' },
    });
  });

  it('takes the table as JSON from FERRY_DATA_BACKEND_CONFIG, as docker-compose sets it', () => {
    const { config } = loadConfig({
      env: {
        FERRY_DATA_BACKEND: 's3',
        FERRY_DATA_BACKEND_CONFIG: '{"Endpoint":"https://minio.example.com","Bucket":"ferry","PartSize":"8MiB","QueueSize":"3"}',
      },
    });
    expect(config.DataBackendConfig).toMatchObject({
      Endpoint: 'https://minio.example.com',
      Bucket: 'ferry',
      PartSize: 8 * 1024 * 1024,
      QueueSize: 3,
    });
  });

  it("talks to AWS by region with virtual-hosted buckets and checksums unless told otherwise, with the SDK's own credentials", () => {
    const aws = s3({ Bucket: 'ferry', Location: 'eu-central-1' }).DataBackendConfig;
    expect(aws).toMatchObject({ Endpoint: '', ForcePathStyle: false, RequestChecksumCalculation: 'WHEN_SUPPORTED' });
    expect(s3ClientConfig(aws)).toMatchObject({
      endpoint: undefined,
      region: 'eu-central-1',
      forcePathStyle: false,
      credentials: undefined,
    });
    const regional = s3({ Bucket: 'ferry', Endpoint: 's3.eu-central-1.amazonaws.com' }).DataBackendConfig;
    expect(regional).toMatchObject({ Endpoint: 'https://s3.eu-central-1.amazonaws.com', ForcePathStyle: false });
    const forced = s3({
      Bucket: 'ferry',
      Endpoint: 'https://r2.example.com',
      ForcePathStyle: 'false',
      RequestChecksumCalculation: 'WHEN_SUPPORTED',
    }).DataBackendConfig;
    expect(forced).toMatchObject({ ForcePathStyle: false, RequestChecksumCalculation: 'WHEN_SUPPORTED' });
  });

  it('turns SSE into the request fields of each kind of server-side encryption', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(s3Encryption(s3({ Bucket: 'b' }).DataBackendConfig)).toEqual({ write: {}, read: {} });
    expect(s3Encryption(s3({ Bucket: 'b', SSE: 's3' }).DataBackendConfig)).toEqual({ write: { ServerSideEncryption: 'AES256' }, read: {} });
    expect(s3Encryption(s3({ Bucket: 'b', SSE: 'SSE-KMS', SSEKMSKeyId: 'arn:aws:kms:k' }).DataBackendConfig)).toEqual({
      write: { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:k' },
      read: {},
    });
    const customer = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key };
    expect(s3Encryption(s3({ Bucket: 'b', SSE: 'C', SSECustomerKey: key }).DataBackendConfig)).toEqual({ write: customer, read: customer });
  });

  it('takes Plik\'s bucket "plik" when none is named, and names DataBackendConfig.Bucket when it is empty', () => {
    expect(problems({ Endpoint: 'minio:9000', Bucket: '' })).toMatch(/DataBackendConfig\.Bucket.*: is required when DataBackend is "s3"/);
    // Plik's default bucket when none is named.
    expect(s3({ Endpoint: 'minio:9000' }).DataBackendConfig.Bucket).toBe('plik');
    // Plik's floor for PartSize is 5MB; S3's is 5MiB, which smaller parts are raised to, as Plik's S3 client does.
    expect(s3({ PartSize: 5_000_000 }).DataBackendConfig.PartSize).toBe(5 * 1024 * 1024);
    // The file backend has no use for it.
    expect(() => loadConfig({ flags: { DataBackend: 'file' } })).not.toThrow();
  });

  it.each([
    [{ Bucket: 'b', PartSize: '4MiB' }, /DataBackendConfig\.PartSize.*at least 5MB/],
    [{ Bucket: 'b', SSE: 'SSE-C' }, /DataBackendConfig\.SSECustomerKey.*one key for every file and keeps none in its database/],
    [{ Bucket: 'b', PartSize: '6GiB' }, /DataBackendConfig\.PartSize.*at most 5GiB/],
    [{ Bucket: 'b', AccessKeyID: 'only-half' }, /DataBackendConfig\.SecretAccessKey.*goes with AccessKeyID/],
    [{ Bucket: 'b', SSE: 'rot13' }, /DataBackendConfig\.SSE.*must be "", "S3", "KMS" or "C"/],
    [{ Bucket: 'b', SSE: 'C' }, /DataBackendConfig\.SSECustomerKey.*base64 of 32 bytes/],
    [{ Bucket: 'b', Endpoint: 'not a host' }, /DataBackendConfig\.Endpoint.*host:port .* or a URL/],
    [{ Bucket: 'b', QueueSize: 0 }, /DataBackendConfig\.QueueSize/],
    [{ Bucket: 'b', UseSSL: 'maybe' }, /DataBackendConfig\.UseSSL/],
  ])('refuses %j with a message naming the option', (table, message) => {
    expect(problems(table)).toMatch(message);
  });

  it('refuses a PartSize that cannot carry MaxFileSize in 10,000 parts', () => {
    expect(problems({ Bucket: 'b', PartSize: '5MiB' }, { MaxFileSize: '100GB' })).toMatch(
      /DataBackendConfig\.PartSize.*too small for MaxFileSize/,
    );
    expect(() => s3({ Bucket: 'b', PartSize: '16MiB' }, { MaxFileSize: '100GB' })).not.toThrow();
    expect(() => s3({ Bucket: 'b', PartSize: '5MiB' }, { MaxFileSize: 'unlimited' })).not.toThrow();
  });
});
