// `ferry user …`, `ferry token …` and `ferry invite …` run as the real command, in a child process, on the store of a test storage;
// a Ferry started on the same store then shows that the accounts and tokens they made work.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, startTestFerry, type TestFerry, type TestStorage } from '../helpers/ferry.js';
import { signIn } from '../helpers/session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let storage: TestStorage;
let ferry: TestFerry;

beforeAll(async () => {
  storage = await createTestStorage();
});
afterAll(async () => {
  await ferry?.close();
  await storage.release();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ferry ARGS` on the test storage: the data folder as a flag, the metadata store from the environment. */
const withoutTestVariables = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('FERRY_TEST_')));

function ferryCommand(args: string[], { input = '', authentication = 'enabled' } = {}): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', storage.dataDir, '-o', `FeatureAuthentication=${authentication}`],
    {
      cwd: ROOT,
      // Without the test run's own FERRY_TEST_* variables, which the command would name as options it does not know.
      env: { ...withoutTestVariables(process.env), FERRY_METADATA_BACKEND_CONFIG: JSON.stringify(storage.options.MetadataBackendConfig) },
    },
  );
  child.stdin.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(args: string[], options?: { input?: string }): Promise<string> {
  const run = await ferryCommand(args, options);
  expect(run, `ferry ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' });
  return run.stdout;
}

// Each command is a new Node process that opens the store: minutes, not seconds, on a loaded machine.
describe('ferry user and ferry token', { timeout: 180_000 }, () => {
  let token: string;

  it('create users and tokens, never printing a password', async () => {
    const created = await ok([
      'user',
      'create',
      '--login',
      'admin',
      '--password',
      'admin-password',
      '--admin',
      '--name',
      'Admin',
      '--email',
      'admin@example.com',
      '--max-file-size',
      '1MB',
      '--max-ttl',
      '1h',
    ]);
    expect(created).toBe('user local:admin created\n');
    // From standard input, so that it shows neither in the process list nor in the shell's history.
    expect(await ok(['user', 'create', '--login', 'bobby', '--password', '-'], { input: 'bobby-password\n' })).toBe(
      'user local:bobby created\n',
    );
    await ok(['user', 'create', '--provider', 'oidc', '--login', 'carol@example.com']);
    token = (await ok(['token', 'create', '--login', 'admin', '--comment', 'ci'])).trim();
    expect(token).toMatch(/^[0-9a-f-]{36}$/);

    // Reads only: at once.
    const [listed, oidcOnly, table, tokens, shown] = await Promise.all([
      ok(['user', 'list', '--json']),
      ok(['user', 'list', '--provider', 'oidc', '--json']),
      ok(['user', 'list']),
      ok(['token', 'list', '--login', 'admin', '--json']),
      ok(['user', 'show', '--login', 'admin']),
    ]);
    const users = JSON.parse(listed);
    expect(users.map((u: { id: string }) => u.id)).toEqual(['local:admin', 'local:bobby', 'oidc:carol@example.com']);
    expect(users[0]).toMatchObject({ admin: true, name: 'Admin', email: 'admin@example.com', maxFileSize: 1_000_000, maxTTL: 3600 });
    expect(JSON.parse(oidcOnly).map((u: { id: string }) => u.id)).toEqual(['oidc:carol@example.com']);
    expect(table.split('\n')[0]).toMatch(/^ID\s+NAME\s+EMAIL\s+ADMIN/);
    expect(table).toContain('oidc:carol@example.com');
    // Only the token's first characters are kept, and listed.
    expect(JSON.parse(tokens)).toEqual([expect.objectContaining({ token: token.slice(0, 8), comment: 'ci' })]);
    expect(tokens).not.toContain(token);
    expect(shown).toMatch(/^login\s+admin$/m);
    for (const output of [created, table, shown]) expect(output).not.toMatch(/password|argon2/i);
  });

  it('made accounts a Ferry on the same store signs in, and a token it accepts', async () => {
    ferry = await startTestFerry({ FeatureAuthentication: 'enabled' }, { storage });
    const admin = await signIn(ferry.url, 'admin', 'admin-password');
    expect(await (await fetch(`${ferry.url}/me`, { headers: admin.read })).json()).toMatchObject({
      id: 'local:admin',
      admin: true,
      maxFileSize: 1_000_000,
    });
    await signIn(ferry.url, 'bobby', 'bobby-password');
    const upload = await fetch(`${ferry.url}/upload`, { method: 'POST', headers: { 'X-PlikToken': token } });
    expect(upload.status).toBe(200);
    const { id } = await upload.json();
    const owned = await (await fetch(`${ferry.url}/me/uploads`, { headers: admin.read })).json();
    expect(owned.results.map((u: { id: string }) => u.id)).toEqual([id]);
  });

  it('update, revoke and delete take effect on the running Ferry at once', async () => {
    const bobby = await signIn(ferry.url, 'bobby', 'bobby-password');
    const updated = JSON.parse(await ok(['user', 'update', '--login', 'bobby', '--admin', '--name', 'Bobby', '--json']));
    expect(updated).toMatchObject({ id: 'local:bobby', admin: true, name: 'Bobby' });
    expect(await (await fetch(`${ferry.url}/me`, { headers: bobby.read })).json()).toMatchObject({ admin: true, name: 'Bobby' });
    expect(JSON.parse(await ok(['user', 'update', '--login', 'bobby', '--no-admin', '--json']))).toMatchObject({
      admin: false,
      name: 'Bobby',
    });

    expect(await ok(['token', 'revoke', '--login', 'admin', '--token', token])).toBe(`token ${token} revoked\n`);
    expect((await fetch(`${ferry.url}/upload`, { method: 'POST', headers: { 'X-PlikToken': token } })).status).toBe(403);
    // The whole token alone names its user.
    const another = (await ok(['token', 'create', '--login', 'admin'])).trim();
    expect(await ok(['token', 'revoke', '--token', another])).toBe(`token ${another} revoked\n`);
    expect((await fetch(`${ferry.url}/upload`, { method: 'POST', headers: { 'X-PlikToken': another } })).status).toBe(403);

    expect(await ok(['user', 'delete', '--login', 'bobby', '--yes'])).toBe('user local:bobby deleted\n');
    expect((await fetch(`${ferry.url}/me`, { headers: bobby.read })).status).toBe(403);
  });

  it('refuse with a message and status 1', async () => {
    const cases: [string[], string][] = [
      [['user', 'create', '--login', 'dan'], 'ferry: missing --password (or --password - to read it from standard input)\n'],
      [
        ['user', 'create', '--login', 'admin', '--password', 'another-password'],
        'ferry: unable to create user : user local:admin already exists\n',
      ],
      [
        ['user', 'create', '--login', 'dan', '--password', 'dan-password', '--max-ttl', 'forever'],
        'ferry: --max-ttl: not a duration: "forever" (use seconds or e.g. "30d")\n',
      ],
      [['user', 'show', '--login', 'nobody'], 'ferry: user not found\n'],
      [['user', 'delete', '--login', 'admin'], 'ferry: not asking without a terminal: add --yes to delete\n'],
      [['token', 'revoke', '--login', 'admin', '--token', 'no-such-token'], 'ferry: token not found\n'],
      [['token', 'revoke', '--token', 'no-such-token'], 'ferry: token not found\n'],
      [['token', 'revoke', '--token', 'abcd1234'], "ferry: a token's first characters name it only with --login\n"],
    ];
    const runs = await Promise.all(cases.map(([args]) => ferryCommand(args)));
    cases.forEach(([args, message], i) => {
      expect(runs[i], args.join(' ')).toEqual({ code: 1, stdout: '', stderr: message });
    });
    // An option name that is no option is said, not dropped.
    const typo = await ferryCommand(['user', 'list', '--json', '-o', 'MaxTTl=30d']);
    expect(typo.stderr).toBe('ferry: config options Ferry does not act on were ignored: -o MaxTTl (neither a Plik nor a Ferry option)\n');
    const disabled = await ferryCommand(['user', 'list'], { authentication: 'disabled' });
    expect(disabled).toMatchObject({
      code: 1,
      stderr:
        'ferry: authentication is disabled (FeatureAuthentication): users cannot sign in. Give this command the config the server runs with ' +
        '(--config FILE, FERRY_* variables or -o FeatureAuthentication=enabled)\n',
    });
    // Nothing was changed by the refusals.
    expect(JSON.parse(await ok(['user', 'list', '--json'])).map((u: { id: string }) => u.id)).toEqual([
      'local:admin',
      'oidc:carol@example.com',
    ]);
  });
});

describe('ferry invite', { timeout: 180_000 }, () => {
  it("creates an invitation in an admin's name and prints its link once, lists it without its token, revokes it", async () => {
    const domain = ['-o', 'PlikDomain=https://files.example.org'];
    const link = (await ok(['invite', 'create', '--login', 'admin', '--note', 'for Eve', '--ttl', '3600', ...domain])).trim();
    expect(link).toMatch(/^https:\/\/files\.example\.org\/invite#token=[\w-]{43}$/);
    const listed = await ok(['invite', 'list', '--login', 'admin', '--json']);
    expect(listed).not.toContain(link.split('=')[1]);
    const [invitation] = JSON.parse(listed);
    expect(invitation).toMatchObject({ state: 'pending', note: 'for Eve', createdBy: 'local:admin' });
    expect(await ok(['invite', 'revoke', '--login', 'admin', '--id', invitation.id])).toBe(`invitation ${invitation.id} revoked\n`);
    const again = await ferryCommand(['invite', 'revoke', '--login', 'admin', '--id', invitation.id]);
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'ferry: this invitation is revoked already\n' });
  });
});
