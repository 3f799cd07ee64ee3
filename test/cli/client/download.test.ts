// `ferry download`: a partial file is resumed with a Range request, an existing file is kept, "-o -" writes stdout,
// a FIFO or device is written into, never replaced.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstat, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, runCli, tempHome } from '../../helpers/ferry-cli.js';
import { addFile, createUpload, fileUrl } from '../../helpers/plik-client.js';

let ferry: TestFerry;
let url: string;
const content = randomBytes(500_000);

beforeAll(async () => {
  ferry = await startTestFerry();
  const upload = await createUpload(ferry.url);
  const file = await addFile(ferry.url, upload, content, 'big.bin');
  url = fileUrl(ferry.url, upload, file);
});
afterAll(() => ferry.close());

describe('ferry download', CLI_TESTS, () => {
  it('resumes from a partial file with a Range request and checks the final size', async () => {
    const home = await tempHome();
    const target = path.join(home, 'big.bin');
    // A partial download whose bytes differ from the server's: only a resumed download keeps them.
    const partial = Buffer.alloc(200_000, 7);
    await writeFile(`${target}.part`, partial);
    const result = await runCli(['download', '-o', target, url], home);
    expect(result.stderr).toBe(`saved ${target} (500 kB)\n`);
    expect(result.code).toBe(0);
    const saved = await readFile(target);
    expect(saved.length).toBe(content.length);
    expect(saved.subarray(0, 200_000).equals(partial)).toBe(true);
    expect(saved.subarray(200_000).equals(content.subarray(200_000))).toBe(true);
    await expect(stat(`${target}.part`)).rejects.toThrow();
  });

  it('saves under the name in the URL, keeps an existing file unless --force, and writes stdout with -o -', async () => {
    const home = await tempHome();
    // The command runs in the home folder.
    const first = await runCli(['download', url], home);
    expect(first.code).toBe(0);
    expect((await readFile(path.join(home, 'big.bin'))).equals(content)).toBe(true);

    const again = await runCli(['download', url], home);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('ferry: big.bin exists: --force overwrites it\n');
    expect((await runCli(['download', '--force', url], home)).code).toBe(0);

    const piped = await runCli(['download', '-o', '-', url], home);
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes.equals(content)).toBe(true);
    expect(piped.stderr).toBe('');
  });

  it('completes a partial file that already holds every byte', async () => {
    const home = await tempHome();
    const target = path.join(home, 'whole.bin');
    await writeFile(`${target}.part`, content);
    const result = await runCli(['download', '-o', target, url], home);
    expect(result.code).toBe(0);
    expect((await readFile(target)).equals(content)).toBe(true);
  });

  it('sends --password to a protected upload, and says when it is missing', async () => {
    const upload = await createUpload(ferry.url, { login: 'me', password: 'secret' });
    const file = await addFile(ferry.url, upload, 'guarded', 'guarded.txt');
    const guarded = fileUrl(ferry.url, upload, file);
    const home = await tempHome();
    const refused = await runCli(['download', guarded], home);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ferry: downloading guarded\.txt failed \(401\): .*\n {2}the upload is protected by a password/);
    const allowed = await runCli(['download', '--password', 'me:secret', '-o', '-', guarded], home);
    expect(allowed).toMatchObject({ code: 0, stdout: 'guarded' });
  });

  it('writes into a FIFO or device named by -o as it is, never renaming a file onto it', async () => {
    const home = await tempHome();
    const fifo = path.join(home, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // The reader of the pipe: what the command writes must arrive here, through the pipe itself.
    const received = readFile(fifo);
    const result = await runCli(['download', '--force', '-o', fifo, url], home);
    expect(result).toMatchObject({ code: 0, stderr: `wrote ${fifo}\n` });
    expect((await received).equals(content)).toBe(true);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    await expect(stat(`${fifo}.part`)).rejects.toThrow();

    const devNull = await runCli(['download', '-q', '-o', '/dev/null', url], home);
    expect(devNull.code).toBe(0);
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
    expect((await runCli(['download', '-o', home, url], home)).stderr).toBe(`ferry: ${home} is a directory: name a file in it\n`);
  });

  it('says when the file is gone', async () => {
    const home = await tempHome();
    const result = await runCli(['download', '-o', path.join(home, 'x'), `${ferry.url}/file/nope/nope/x`], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ferry: downloading x failed \(404\): upload nope not found\n {2}no such upload or file/);
  });
});
