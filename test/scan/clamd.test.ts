// Ferry's INSTREAM client against a real clamd: verdicts, chunk boundaries, the size limit, backpressure, timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClamdAddress } from '../../src/config/clamd-address.js';
import { ClamdScanner } from '../../src/scan/clamd.js';
import { ScanFailure, type ScanSession } from '../../src/scan/scanner.js';
import { clamdInstalled, EICAR, EICAR_SIGNATURE, startClamd, type TestClamd } from '../helpers/clamd.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const scannerAt = (address: string, timeoutMs = 5000) => new ClamdScanner(parseClamdAddress(address)!, timeoutMs);

async function scan(session: ScanSession, chunks: Buffer[]) {
  for (const chunk of chunks) await session.write(chunk);
  return session.verdict();
}

describe('parseClamdAddress', () => {
  it('reads tcp://host:port and socket paths, and nothing else', () => {
    expect(parseClamdAddress('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdAddress('tcp://[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('unix:///run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    for (const bad of ['clamd:3310', 'tcp://host', 'tcp://host:0', 'tcp://host:70000', 'relative/clamd.sock', 'http://h:1']) {
      expect(parseClamdAddress(bad), bad).toBeUndefined();
    }
  });
});

describe.runIf(clamdInstalled())('ClamdScanner against a real clamd', () => {
  let unix: TestClamd;
  let tcp: TestClamd;
  beforeAll(async () => {
    [unix, tcp] = await Promise.all([startClamd({ streamMaxLength: '1M' }), startClamd({ tcp: true })]);
  });
  afterAll(async () => {
    await Promise.all([unix?.stop(), tcp?.stop()]);
  });

  it('finds EICAR and passes clean bytes, over a unix socket and over TCP', async () => {
    for (const clamd of [unix, tcp]) {
      const scanner = scannerAt(clamd.address);
      expect(await scan(scanner.open(), [Buffer.from(EICAR)])).toEqual({ infected: true, signature: EICAR_SIGNATURE });
      expect(await scan(scanner.open(), [Buffer.from('just a text file\n')])).toEqual({ infected: false });
      // Nothing at all is a clean file too.
      expect(await scan(scanner.open(), [])).toEqual({ infected: false });
    }
  });

  it('finds EICAR cut across chunks, as an upload delivers it', async () => {
    const bytes = Buffer.from(EICAR);
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 30), Buffer.alloc(0), bytes.subarray(30)];
    expect(await scan(scannerAt(tcp.address).open(), chunks)).toEqual({ infected: true, signature: EICAR_SIGNATURE });
  });

  it("says so when the file is larger than clamd's StreamMaxLength", async () => {
    const session = scannerAt(unix.address).open();
    const failure = await scan(
      session,
      Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 7)),
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ScanFailure);
    expect((failure as ScanFailure).reason).toBe('size_limit');
  });

  it('is unreachable when nothing listens', async () => {
    const failure = await scan(scannerAt('/nonexistent/clamd.sock').open(), [Buffer.from('x')]).catch((err: unknown) => err);
    expect((failure as ScanFailure).reason).toBe('unreachable');
    const refused = await scan(scannerAt('tcp://127.0.0.1:1').open(), [Buffer.from('x')]).catch((err: unknown) => err);
    expect((refused as ScanFailure).reason).toBe('unreachable');
  });

  it('holds the writer back while clamd reads nothing, and goes on when it reads again', async () => {
    const session = scannerAt(tcp.address).open();
    await session.write(Buffer.from('warm up'));
    tcp.pause();
    try {
      // The socket's and the kernel's buffers fill, then a write waits: no more than a few MB ever queue.
      const chunk = Buffer.alloc(64 * 1024, 1);
      let written = 0;
      let held: Promise<void> | undefined;
      while (!held && written < 64 * 1024 * 1024) {
        const behind = session.write(chunk);
        written += chunk.length;
        const stays = behind && (await Promise.race([behind.then(() => false), sleep(300).then(() => true)]));
        if (stays) held = behind;
      }
      expect(held).toBeDefined();
      expect(written).toBeLessThan(32 * 1024 * 1024);
      tcp.resume();
      await held;
      expect(await session.verdict()).toEqual({ infected: false });
    } finally {
      tcp.resume();
    }
  });

  it('gives up on a clamd that does not answer within the timeout', async () => {
    const session = scannerAt(tcp.address, 300).open();
    await session.write(Buffer.from('some bytes'));
    tcp.pause();
    try {
      const failure = await session.verdict().catch((err: unknown) => err);
      expect((failure as ScanFailure).reason).toBe('timeout');
    } finally {
      tcp.resume();
    }
  });
});
