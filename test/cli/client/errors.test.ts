// How the client fails: one clear line on stderr and a non-zero exit, and no upload left half-made on the server.
import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, finished, runCli, spawnCli, tempHome } from '../../helpers/ferry-cli.js';
import { createUpload } from '../../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ MaxFileSize: 100_000 });
});
afterAll(() => ferry.close());

const records = async (home: string) =>
  (await readdir(path.join(home, '.ferry/uploads')).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));

/** Uploads on the server, whatever their state: none may be left by a failed upload. */
const liveUploads = async () => (await ferry.storedFiles()).length;

describe('client errors', CLI_TESTS, () => {
  it('names the server it cannot reach', async () => {
    const result = await runCli(['upload', '--server', 'http://127.0.0.1:9', '--name', 'x'], await tempHome(), 'x');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ferry: cannot reach http://127.0.0.1:9: connection refused\n');
  });

  it("refuses a file over the server's limit before creating anything", async () => {
    const home = await tempHome();
    const file = path.join(home, 'big.bin');
    await writeFile(file, randomBytes(150_000));
    const result = await runCli(['upload', '--server', ferry.url, file], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ferry: big.bin is too large: 150 kB, the server accepts up to 100 kB\n');
    expect(await records(home)).toEqual([]);
  });

  it('removes the upload when the server refuses a stream too large (413) midway', async () => {
    const home = await tempHome();
    const before = await liveUploads();
    const result = await runCli(['upload', '--server', ferry.url, '--name', 'piped.bin'], home, randomBytes(300_000));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ferry: sending piped.bin failed (413): file too big (limit is set to 100 kB)\n  the file is larger than the server accepts\n',
    );
    // The upload was removed with its token, and its record with it.
    expect(await records(home)).toEqual([]);
    expect(await liveUploads()).toBe(before);
  });

  it('reads the error a Plik server puts in its redirect to the web page (/#/?err=…)', async () => {
    // A stand-in for plikd 1.3 (Plik is Go, not on this machine): it answers a client it does not know this way.
    const plik = http.createServer((request, response) => {
      response.writeHead(301, { Location: `/#/?err=${encodeURIComponent('file gone.txt not found')}&errcode=404&uri=${request.url}` });
      response.end();
    });
    await new Promise<void>((resolve) => plik.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plik.address() as AddressInfo;
      const result = await runCli(['download', '-o', '-', `http://127.0.0.1:${port}/file/u/f/gone.txt`], await tempHome());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^ferry: downloading gone\.txt failed \(404\): file gone\.txt not found\n {2}no such upload or file/);
    } finally {
      plik.close();
    }
  });

  it('says what a Plik 1.3 server needs when it refuses a token on /me (ferry list, ferry login)', async () => {
    // A stand-in for plikd 1.3's /me, which knows only its web session.
    const plik = http.createServer((_request, response) => {
      response.writeHead(401, { 'Content-Type': 'text/plain' });
      response.end('please login first');
    });
    await new Promise<void>((resolve) => plik.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plik.address() as AddressInfo;
      const result = await runCli(['list', '--server', `http://127.0.0.1:${port}`, '--token', 'some-token'], await tempHome());
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'ferry: listing uploads failed (401): please login first\n  this server takes no user token on /me: Plik before 1.4 accepts only its web session there. Uploads with --token work all the same\n',
      );
    } finally {
      plik.close();
    }
  });

  it('warns when the server ignores --download-limit, as a Plik server does', async () => {
    // A stand-in for plikd's POST /upload: it answers the upload without maxDownloads, knowing nothing of it.
    const plik = http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({ id: 'plikupload', uploadToken: 't', files: [{ id: 'f1', fileName: 'x', reference: '0', status: 'missing' }] }),
      );
    });
    await new Promise<void>((resolve) => plik.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plik.address() as AddressInfo;
      const result = await runCli(
        ['upload', '--server', `http://127.0.0.1:${port}`, '--download-limit', '3', '--name', 'x'],
        await tempHome(),
        'x',
      );
      expect(result.stderr).toContain(
        'ferry: this server ignores --download-limit (it is not a Ferry server): its files can be downloaded without limit\n',
      );
    } finally {
      plik.close();
    }
  });

  it('does not take Ferry for Plik when --oneshot makes the limit 1', async () => {
    const result = await runCli(
      ['upload', '--server', ferry.url, '--oneshot', '--download-limit', '3', '--name', 'x'],
      await tempHome(),
      'x',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('says when the upload token is wrong (403)', async () => {
    const upload = await createUpload(ferry.url);
    const result = await runCli(['delete', '--server', ferry.url, '--upload-token', 'wrong', upload.id], await tempHome());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ferry: removing upload ' +
        upload.id +
        ' failed (403): you are not allowed to remove this upload\n  check the token (ferry login, --token) or the upload token\n',
    );
    expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(200);
  });

  it('removes the upload when interrupted with Ctrl-C midway', async () => {
    const home = await tempHome();
    const child = spawnCli(['upload', '--server', ferry.url, '--name', 'cut.bin'], home);
    const done = finished(child);
    // Half a file goes, then the sender waits: the upload exists, its file is being received.
    child.stdin!.write(randomBytes(50_000));
    await expect.poll(() => records(home), { timeout: 20_000 }).toHaveLength(1);
    const [record] = await records(home);
    const id = record!.replace(/\.json$/, '');
    await expect.poll(async () => (await ferry.storedFiles()).some((file) => file.includes(id)), { timeout: 20_000 }).toBe(true);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toBe(`ferry: interrupted: upload ${id} removed\n`);
    expect((await fetch(`${ferry.url}/upload/${id}`)).status).toBe(404);
    expect(await records(home)).toEqual([]);
  });
});
