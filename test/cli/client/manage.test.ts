// `ferry login`, `list`, `delete` and `info` against a real Ferry with user accounts on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, runCli, tempHome } from '../../helpers/ferry-cli.js';

let ferry: TestFerry;
let token: string;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  const alice = await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
  token = (await ferry.services.tokens.create(alice, 'cli')).value;
});
afterAll(() => ferry.close());

const status = async (url: string) => (await fetch(url)).status;

describe('ferry login and list', CLI_TESTS, () => {
  it('checks the token, saves it in ~/.ferryrc, and lists the uploads made with it', async () => {
    const home = await tempHome();
    const login = await runCli(['login', '--url', ferry.url, '--token', token], home);
    expect(login.stderr).toBe(`logged in to ${ferry.url} as alice; saved in ${path.join(home, '.ferryrc')}\n`);
    expect(login.code).toBe(0);
    expect(parseToml(await readFile(path.join(home, '.ferryrc'), 'utf8'))).toEqual({ URL: ferry.url, Token: token });

    // No --server, no --token: both come from ~/.ferryrc.
    const uploaded = await runCli(['upload', '--name', 'mine.txt'], home, 'mine');
    expect(uploaded.code).toBe(0);
    const id = new URL(uploaded.stdout.trim()).pathname.split('/')[2];
    const listed = await runCli(['list', '--json'], home);
    expect(listed.code).toBe(0);
    const uploads = JSON.parse(listed.stdout) as { id: string; files: { fileName: string }[] }[];
    expect(uploads.map((u) => u.id)).toEqual([id]);
    expect(uploads[0]?.files.map((f) => f.fileName)).toEqual(['mine.txt']);
  });

  it('refuses a wrong token and saves nothing', async () => {
    const home = await tempHome();
    const login = await runCli(['login', '--url', ferry.url, '--token', 'not-a-token'], home);
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/^ferry: checking the token failed \(403\): .+\n {2}check the token/);
    await expect(readFile(path.join(home, '.ferryrc'))).rejects.toThrow();

    const list = await runCli(['list', '--server', ferry.url, '--token', 'not-a-token'], home);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^ferry: listing uploads failed \(403\)/);
  });
});

describe('ferry delete', CLI_TESTS, () => {
  it('removes an upload by its id with the upload token kept at upload time', async () => {
    const home = await tempHome();
    const uploaded = await runCli(['upload', '--server', ferry.url, '--name', 'gone.txt'], home, 'gone');
    const url = uploaded.stdout.trim();
    const id = new URL(url).pathname.split('/')[2]!;
    expect(await readFile(path.join(home, '.ferry/uploads', `${id}.json`), 'utf8')).toContain('"uploadToken"');

    const removed = await runCli(['delete', id], home);
    expect(removed.stderr).toBe(`removed upload ${id}\n`);
    expect(removed.code).toBe(0);
    expect(await status(`${ferry.url}/upload/${id}`)).toBe(404);
    expect(await status(url)).toBe(404);
    await expect(readFile(path.join(home, '.ferry/uploads', `${id}.json`))).rejects.toThrow();
  });

  it('removes one file by its URL and leaves the others', async () => {
    const home = await tempHome();
    await runCli(['login', '--url', ferry.url, '--token', token], home);
    const uploaded = await runCli(
      ['upload', path.join(import.meta.dirname, 'manage.test.ts'), path.join(import.meta.dirname, 'download.test.ts')],
      home,
    );
    const [first, second] = uploaded.stdout.trim().split('\n') as [string, string];
    const removed = await runCli(['delete', first], home);
    expect(removed.stderr).toBe('removed manage.test.ts\n');
    expect(await status(first)).toBe(404);
    expect(await status(second)).toBe(200);
  });
});

describe('ferry info', CLI_TESTS, () => {
  it('shows the server version and its limits', async () => {
    const home = await tempHome();
    const text = await runCli(['info', '--server', ferry.url], home);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^ferry client \\S+\\nserver {7}${ferry.url}\\nversion {6}\\S+\\n`));
    expect(text.stdout).toMatch(/^maxFileSize {14}10 GB$/m);
    expect(text.stdout).toMatch(/^feature_authentication {3}enabled$/m);

    const json = JSON.parse((await runCli(['info', '--server', ferry.url, '--json'], home)).stdout) as {
      server: string;
      config: { maxFileSize: number };
    };
    expect(json).toMatchObject({ server: ferry.url, config: { maxFileSize: 10_000_000_000 } });
  });
});
