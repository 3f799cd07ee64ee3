// Docs that stay true: the shell blocks of README.md and docs/*.md marked `<!-- doc-test -->` (runnable-blocks.ts)
// run in document order, in one bash session per document (shell-session.ts), against a Ferry started for that
// document. Each command must exit 0, and print what the document shows for it (`# → …`, claims.ts); the values a
// claim captures ($ID) are set for the commands after it. The session is what a reader at a terminal has:
// - `ferry` is this checkout's command, and HOME an empty folder of its own, as is the working folder;
// - the server answers at every origin the documents use for it (EXAMPLE_ORIGINS), in commands and claims alike;
// - FERRY_CONFIG is the server's config, so that `ferry user`/`ferry token` act on its accounts;
// - `curl` fails on an HTTP error (--fail-with-body) and prints no progress, and a pipeline fails with any of its
//   commands (pipefail); an unset variable ends the session (set -u).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/cli/client/links.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { FERRY_COMMAND } from '../helpers/ferry-cli.js';
import { matchClaim } from './claims.js';
import { runnableBlocks, type Command } from './runnable-blocks.js';
import { ShellSession } from './shell-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCUMENTS = [
  'README.md',
  ...(await readdir(path.join(ROOT, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
];
/** How the documents write "your server". */
const EXAMPLE_ORIGINS = ['http://127.0.0.1:8080', 'http://localhost:8080', 'https://files.example.com'];
/** One server for all blocks: accounts on (Gokapi's API and `ferry user` need them), anonymous uploads still allowed. */
const SERVER_OPTIONS = { FeatureAuthentication: 'enabled' };

const PRELUDE = ['set -u -o pipefail', 'curl() { command curl --silent --show-error --fail-with-body "$@"; }'].join('\n');

const documents = await Promise.all(
  DOCUMENTS.map(async (name) => ({ name, blocks: runnableBlocks(await readFile(path.join(ROOT, name), 'utf8')) })),
);

it('finds runnable blocks in the README', () => {
  // A marker the parser stopped seeing would turn this whole test into a pass.
  expect(documents.find((document) => document.name === 'README.md')!.blocks.length).toBeGreaterThan(0);
});

// The CLI's block starts the ferry command some twenty times, each a Node start: 92 s of 120 seen on a loaded machine.
describe.each(documents.filter((document) => document.blocks.length > 0))('$name', { timeout: 240_000 }, ({ name, blocks }) => {
  let ferry: TestFerry;
  let folder: string;
  let shell: ShellSession;
  /** The document's text with the example origins replaced by the test server's. */
  let here: (text: string) => string;

  beforeAll(async () => {
    ferry = await startTestFerry(SERVER_OPTIONS);
    folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-doc-test-'));
    const [bin, home, work] = ['bin', 'home', 'work'].map((sub) => path.join(folder, sub)) as [string, string, string];
    await Promise.all([bin, home, work].map((sub) => mkdir(sub)));
    await writeFile(path.join(bin, 'ferry'), `#!/bin/sh\nexec ${FERRY_COMMAND.map(shellQuote).join(' ')} "$@"\n`, { mode: 0o755 });
    const config = path.join(folder, 'ferry.toml');
    await writeFile(config, stringify({ ...ferry.storage.options, ...SERVER_OPTIONS }));
    // Only what a reader's terminal would have: none of the test run's FERRY_* variables.
    const env = Object.fromEntries(Object.entries(process.env).filter(([variable]) => !variable.startsWith('FERRY_')));
    shell = new ShellSession({
      cwd: work,
      env: { ...env, PATH: `${bin}:${process.env.PATH}`, HOME: home, FERRY_CONFIG: config },
      prelude: PRELUDE,
    });
    here = (text) => EXAMPLE_ORIGINS.reduce((done, origin) => done.replaceAll(origin, ferry.url), text);
  });
  afterAll(async () => {
    await shell?.close();
    await ferry?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** Runs one command and checks its status and claim; a failure names the document's line. */
  async function check(command: Command): Promise<void> {
    const ran = await shell.run(here(command.text));
    const where = `${name}:${command.line}: ${command.text}\n${ran.output}`;
    expect(ran.status, where).toBe(0);
    if (command.claim === undefined) return;
    const captured = matchClaim(here(command.claim), ran.output);
    expect(captured, `${where}\ndoes not print what the document shows:\n${command.claim}`).toBeDefined();
    for (const [variable, value] of Object.entries(captured!)) shell.set(variable, value);
  }

  it.each(blocks)(`the block at line $line`, async ({ setup, commands }) => {
    for (const command of [...setup, ...commands]) await check(command);
  });
});
