// `ferry upload` as a user runs it: files, stdin, options, JSON output and the settings files, against a real Ferry.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, finished, runCli, spawnCli, tempHome } from '../../helpers/ferry-cli.js';
import type { UploadJson } from '../../helpers/plik-client.js';

let ferry: TestFerry;
let files: string;
beforeAll(async () => {
  ferry = await startTestFerry();
  files = await mkdtemp(path.join(os.tmpdir(), 'ferry-cli-files-'));
});
afterAll(() => ferry.close());

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

/** The upload behind a file URL, as its admin (the upload token) sees it. */
async function uploadOf(url: string, uploadToken: string): Promise<UploadJson> {
  const id = new URL(url).pathname.split('/')[2];
  const response = await fetch(`${ferry.url}/upload/${id}`, { headers: { 'X-UploadToken': uploadToken } });
  expect(response.status).toBe(200);
  return (await response.json()) as UploadJson;
}

describe('ferry upload', CLI_TESTS, () => {
  it('uploads files and prints nothing but their URLs when stdout is not a terminal', async () => {
    const notes = path.join(files, 'notes.txt');
    const blob = path.join(files, 'données été.bin');
    const bytes = randomBytes(300_000);
    await writeFile(notes, 'hello\n');
    await writeFile(blob, bytes);
    const home = await tempHome();
    const result = await runCli(['upload', '--server', ferry.url, notes, blob], home);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const urls = result.stdout.trim().split('\n');
    expect(urls).toHaveLength(2);
    expect(urls[0]).toMatch(new RegExp(`^${ferry.url}/file/\\w+/\\w+/notes\\.txt$`));
    expect(urls[1]).toMatch(/\/donn%C3%A9es%20%C3%A9t%C3%A9\.bin$/);
    // Both files went into one upload.
    expect(new URL(urls[0]!).pathname.split('/')[2]).toBe(new URL(urls[1]!).pathname.split('/')[2]);
    expect((await download(urls[0]!)).toString()).toBe('hello\n');
    expect((await download(urls[1]!)).equals(bytes)).toBe(true);
  });

  it('uploads stdin under --name, and is the default command when stdin is piped', async () => {
    const home = await tempHome();
    const named = await runCli(['--server', ferry.url, '--name', 'piped.txt'], home, 'from a pipe');
    expect(named.code).toBe(0);
    const url = named.stdout.trim();
    expect(url).toMatch(/\/piped\.txt$/);
    expect((await download(url)).toString()).toBe('from a pipe');
    const response = await fetch(url, { method: 'HEAD' });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);

    const unnamed = await runCli(['upload', '--server', ferry.url], home, 'x');
    expect(unnamed.stdout.trim()).toMatch(/\/STDIN$/);
  });

  it('prints a JSON document with --json, and sends the upload options', async () => {
    const file = path.join(files, 'options.txt');
    await writeFile(file, 'options');
    const home = await tempHome();
    const args = [
      '--server',
      ferry.url,
      '--json',
      '--oneshot',
      '--removable',
      '--ttl',
      '2h',
      '--comments',
      'hi',
      '--password',
      'me:secret',
      '--download-limit',
      '3',
    ];
    const result = await runCli(['upload', ...args, file], home);
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as {
      server: string;
      id: string;
      page: string;
      uploadToken: string;
      expireAt: string;
      files: { id: string; name: string; size: number; url: string; command: string }[];
    };
    expect(shown).toMatchObject({ server: ferry.url, id: expect.any(String), uploadToken: expect.any(String) });
    expect(shown.page).toBe(`${ferry.url}/#/?id=${shown.id}`);
    expect(shown.files).toEqual([
      {
        id: expect.any(String),
        name: 'options.txt',
        size: 7,
        url: `${ferry.url}/file/${shown.id}/${shown.files[0]!.id}/options.txt`,
        command: `curl -s -u me ${shown.files[0]!.url} > options.txt`,
        ferryCommand: `ferry download ${shown.files[0]!.url}`,
      },
    ]);
    const upload = await uploadOf(shown.files[0]!.url, shown.uploadToken);
    expect(upload).toMatchObject({ oneShot: true, removable: true, ttl: 7200, comments: 'hi', protectedByPassword: true });
    expect(Date.parse(shown.expireAt) - Date.now()).toBeGreaterThan(7000_000);
    // A download limit is Ferry's own field: Plik servers ignore it. oneShot makes it 1 here.
    expect(upload.maxDownloads).toBe(1);
    // The password protects the file: without it 401, with it the bytes.
    expect((await fetch(shown.files[0]!.url)).status).toBe(401);
    const auth = `Basic ${Buffer.from('me:secret').toString('base64')}`;
    expect(await (await fetch(shown.files[0]!.url, { headers: { Authorization: auth } })).text()).toBe('options');
  });

  it('sends --download-limit as maxDownloads', async () => {
    const home = await tempHome();
    const result = await runCli(
      ['upload', '--server', ferry.url, '--json', '--download-limit', '2', '--name', 'limited.txt'],
      home,
      'limited',
    );
    const shown = JSON.parse(result.stdout) as { uploadToken: string; files: { url: string }[] };
    expect((await uploadOf(shown.files[0]!.url, shown.uploadToken)).maxDownloads).toBe(2);
  });

  it('prints the URL of a --stream upload before sending, and feeds the download that comes', async () => {
    const bytes = randomBytes(200_000);
    const file = path.join(files, 'streamed.bin');
    await writeFile(file, bytes);
    const child = spawnCli(['upload', '--server', ferry.url, '--stream', file], await tempHome());
    const done = finished(child);
    const [url] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(url.toString()).toMatch(new RegExp(`^${ferry.url}/stream/\\w+/\\w+/streamed\\.bin\\n$`));
    // The URL comes before the bytes: a downloader quicker than the sender's first bytes gets 404 (as with Plik).
    let response: Response;
    await expect.poll(async () => (response = await fetch(url.toString().trim())).status, { timeout: 20_000 }).toBe(200);
    expect(Buffer.from(await response!.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await done).toMatchObject({ code: 0, stderr: '' });
  });

  it('reads ~/.plikrc when there is no ~/.ferryrc, and ~/.ferryrc first when there is', async () => {
    const home = await tempHome();
    const file = path.join(files, 'config.txt');
    await writeFile(file, 'config');
    await writeFile(
      path.join(home, '.plikrc'),
      `Url = "${ferry.url}"\nOneShot = true\nTTL = 3600\nDownloadBinary = "wget"\n\n[ArchiveOptions]\nCompress = "gzip"\n`,
    );
    const fromPlik = JSON.parse((await runCli(['upload', '--json', file], home)).stdout) as {
      uploadToken: string;
      files: { url: string; command: string }[];
    };
    expect(await uploadOf(fromPlik.files[0]!.url, fromPlik.uploadToken)).toMatchObject({ oneShot: true, ttl: 3600 });
    expect(fromPlik.files[0]!.command).toMatch(/^wget -q -O- /);

    await writeFile(path.join(home, '.ferryrc'), `URL = "${ferry.url}"\nRemovable = true\n`);
    const fromFerry = JSON.parse((await runCli(['upload', '--json', file], home)).stdout) as {
      uploadToken: string;
      files: { url: string }[];
    };
    expect(await uploadOf(fromFerry.files[0]!.url, fromFerry.uploadToken)).toMatchObject({ oneShot: false, removable: true });
  });
});
