// `ferry upload` of directories archived on the fly (tar.gz, zip) and of files encrypted with age (--secure),
// checked by downloading what the server holds and opening it.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { generateX25519Identity } from 'age-encryption';
import { unzipSync } from 'fflate';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, runCli, tempHome } from '../../helpers/ferry-cli.js';

let ferry: TestFerry;
let tree: string;
const big = randomBytes(200_000);

beforeAll(async () => {
  ferry = await startTestFerry();
  // tree/photos: a.txt, sub/b.bin, link -> a.txt
  tree = await mkdtemp(path.join(os.tmpdir(), 'ferry-cli-tree-'));
  await mkdir(path.join(tree, 'photos/sub'), { recursive: true });
  await writeFile(path.join(tree, 'photos/a.txt'), 'alpha');
  await writeFile(path.join(tree, 'photos/sub/b.bin'), big);
  await symlink('a.txt', path.join(tree, 'photos/link'));
});
afterAll(() => ferry.close());

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

async function untar(bytes: Buffer): Promise<Record<string, { type: string; content: Buffer; linkname?: string }>> {
  const entries: Record<string, { type: string; content: Buffer; linkname?: string }> = {};
  for await (const entry of Readable.from([bytes]).pipe(extract())) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries[entry.header.name] = { type: entry.header.type, content: Buffer.concat(chunks), linkname: entry.header.linkname || undefined };
  }
  return entries;
}

describe('archives made on the fly', CLI_TESTS, () => {
  it('sends a directory as a tar.gz named after it, links kept as links', async () => {
    const result = await runCli(['upload', '--server', ferry.url, path.join(tree, 'photos')], await tempHome());
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(/\/photos\.tar\.gz$/);
    const entries = await untar(gunzipSync(await download(url)));
    expect(Object.keys(entries).sort()).toEqual(['photos', 'photos/a.txt', 'photos/link', 'photos/sub', 'photos/sub/b.bin']);
    expect(entries.photos?.type).toBe('directory');
    expect(entries['photos/a.txt']?.content.toString()).toBe('alpha');
    expect(entries['photos/sub/b.bin']?.content.equals(big)).toBe(true);
    expect(entries['photos/link']).toMatchObject({ type: 'symlink', linkname: 'a.txt' });
  });

  it('sends several files as one zip with --archive zip', async () => {
    const file = path.join(tree, 'loose.txt');
    await writeFile(file, 'loose');
    const result = await runCli(['upload', '--server', ferry.url, '--archive', 'zip', path.join(tree, 'photos'), file], await tempHome());
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(/\/archive\.zip$/);
    const entries = unzipSync(new Uint8Array(await download(url)));
    expect(Object.keys(entries).sort()).toEqual(['loose.txt', 'photos/', 'photos/a.txt', 'photos/link', 'photos/sub/', 'photos/sub/b.bin']);
    expect(Buffer.from(entries['photos/a.txt']!).toString()).toBe('alpha');
    expect(Buffer.from(entries['photos/sub/b.bin']!).equals(big)).toBe(true);
    expect(Buffer.from(entries['loose.txt']!).toString()).toBe('loose');
  });
});

describe('--secure', CLI_TESTS, () => {
  it('encrypts with age before sending; ferry download --decrypt gives back the exact bytes', async () => {
    const home = await tempHome();
    const secret = randomBytes(150_000);
    const file = path.join(tree, 'secret.bin');
    await writeFile(file, secret);
    const result = await runCli(['upload', '--server', ferry.url, '--secure', '--json', file], home);
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as {
      files: { name: string; url: string; command: string; ferryCommand: string }[];
      secure: { identity: string };
    };
    const [uploaded] = shown.files;
    expect(uploaded?.name).toBe('secret.bin.age');
    expect(shown.secure.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(uploaded?.command).toBe(`curl -s ${uploaded?.url} | age -d -i <(echo ${shown.secure.identity}) > secret.bin`);
    expect(uploaded?.ferryCommand).toBe(`ferry download --decrypt --identity ${shown.secure.identity} ${uploaded?.url}`);

    // The server holds age ciphertext, not the file, in an upload that says so.
    const upload = (await (await fetch(`${ferry.url}/upload/${new URL(uploaded!.url).pathname.split('/')[2]}`)).json()) as {
      e2ee?: string;
    };
    expect(upload.e2ee).toBe('age');
    const stored = await download(uploaded!.url);
    expect(stored.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(stored.includes(secret.subarray(0, 64))).toBe(false);

    const out = path.join(home, 'secret.bin');
    const fetched = await runCli(['download', '--decrypt', '--identity', shown.secure.identity, '-o', out, uploaded!.url], home);
    expect(fetched.stderr).toMatch(/saved/);
    expect(fetched.code).toBe(0);
    expect((await readFile(out)).equals(secret)).toBe(true);

    const wrongKey = await generateX25519Identity();
    const refused = await runCli(['download', '--decrypt', '--identity', wrongKey, '-o', path.join(home, 'nope'), uploaded!.url], home);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ferry: cannot decrypt/);
  });
});
