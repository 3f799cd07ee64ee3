// `ferry login --device` against a real Ferry: the real CLI prints a code and the page to approve it, a signed-in
// browser (its HTTP requests) approves it, and the CLI saves the token it then gets to ~/.ferryrc.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, finished, runCli, spawnCli, tempHome } from '../../helpers/ferry-cli.js';
import { signIn } from '../../helpers/session.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
});
afterAll(() => ferry.close());

describe('ferry login --device', CLI_TESTS, () => {
  it('prints the code and its page, and once a signed-in browser approves it, saves a working token', async () => {
    const home = await tempHome();
    const child = spawnCli(['login', '--device', '--url', ferry.url], home);
    child.stdin!.end();
    const result = finished(child);
    let stderr = '';
    const page = await new Promise<URL>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const url = stderr.match(/^ {2}(http\S+)$/m)?.[1];
        if (url) resolve(new URL(url));
      });
      child.once('close', () => reject(new Error(`the CLI ended before printing the page: ${stderr}`)));
    });
    const code = page.searchParams.get('code')!;
    expect(page.origin + page.pathname).toBe(`${ferry.url}/cli-auth`);
    expect(stderr).toContain(`approve the code ${code}`);

    const browser = await signIn(ferry.url, 'alice', 'alice-password');
    const approved = await fetch(`${ferry.url}/auth/cli/approve`, {
      method: 'POST',
      headers: browser.write,
      body: JSON.stringify({ code }),
    });
    expect(approved.status).toBe(200);

    const { code: exitCode, stderr: said } = await result;
    expect(said).toMatch(new RegExp(`logged in to ${ferry.url} as alice; saved in ${path.join(home, '.ferryrc')}\\n$`));
    expect(exitCode).toBe(0);
    const saved = parseToml(await readFile(path.join(home, '.ferryrc'), 'utf8')) as { URL: string; Token: string };
    expect(saved.URL).toBe(ferry.url);
    const me = await fetch(`${ferry.url}/me`, { headers: { 'X-PlikToken': saved.Token } });
    expect((await me.json()).login).toBe('alice');
  });

  it('says so where the server has no accounts, and saves nothing', async () => {
    const open = await startTestFerry();
    try {
      const home = await tempHome();
      const login = await runCli(['login', '--device', '--url', open.url], home);
      expect([login.code, login.stderr]).toEqual([1, `ferry: ${open.url} has no user accounts: uploads need no token there\n`]);
      await expect(readFile(path.join(home, '.ferryrc'))).rejects.toThrow();
    } finally {
      await open.close();
    }
  });
});
