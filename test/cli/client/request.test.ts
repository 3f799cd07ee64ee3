// `ferry request create|list|close|delete` and `ferry upload --request` against a real Ferry: a requester makes a
// request with the CLI, a sender sends files to its link, in plaintext or encrypted to the requester's age key.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../src/model/model.js';
import { startTestFerry, type TestFerry } from '../../helpers/ferry.js';
import { CLI_TESTS, runCli, tempHome } from '../../helpers/ferry-cli.js';

let ferry: TestFerry;
let rita: User;
let token: string;
let files: string;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled' });
  rita = await ferry.services.users.create({ provider: 'local', login: 'rita', password: 'rita-password' });
  token = (await ferry.services.tokens.create(rita, 'cli')).value;
  files = await mkdtemp(path.join(os.tmpdir(), 'ferry-request-files-'));
  await writeFile(path.join(files, 'report.pdf'), 'the report');
  await writeFile(path.join(files, 'notes.txt'), 'the notes');
});
afterAll(() => ferry.close());

const received = async (id: string) =>
  (await (await fetch(`${ferry.url}/me/requests/${id}`, { headers: { 'X-PlikToken': token } })).json()) as {
    received: Array<{ senderName: string; files: Array<{ name: string; size: number; url: string }> }>;
  };

describe('ferry request and ferry upload --request', CLI_TESTS, () => {
  it('makes a request, sends files to its link with the sender’s name, lists and closes it', async () => {
    const home = await tempHome();
    const server = ['--server', ferry.url, '--token', token];
    const made = await runCli(
      ['request', 'create', 'Reports', '--types', '.pdf', '--max-file-size', '1MB', '--ask-name', 'required', ...server],
      home,
    );
    expect([made.code, made.stderr]).toEqual([0, '']);
    const link = made.stdout.trim();
    expect(link).toMatch(new RegExp(`^${ferry.url}/r/[A-Za-z0-9_-]+$`));
    const id = link.split('/').at(-1)!;

    const sender = await tempHome();
    const refused = await runCli(['upload', '--request', link, '--sender-name', 'Sam', path.join(files, 'notes.txt')], sender);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\(415\): this file request does not take notes\.txt's type/);
    const sent = await runCli(['upload', '--request', link, '--sender-name', 'Sam', '--json', path.join(files, 'report.pdf')], sender);
    expect([sent.code, JSON.parse(sent.stdout)]).toEqual([
      0,
      { request: 'Reports', encrypted: false, files: [{ name: 'report.pdf', size: 10 }] },
    ]);
    const [submission] = (await received(id)).received;
    expect(submission?.senderName).toBe('Sam');
    expect(await (await fetch(submission!.files[0]!.url)).text()).toBe('the report');

    const listed = await runCli(['request', 'list', '--json', ...server], home);
    expect((JSON.parse(listed.stdout) as Array<{ id: string; filesTaken: number }>).find((r) => r.id === id)?.filesTaken).toBe(1);
    expect((await runCli(['request', 'close', link, ...server], home)).stdout).toBe(`${id} closed\n`);
    const late = await runCli(['upload', '--request', link, '--sender-name', 'Sam', path.join(files, 'report.pdf')], sender);
    expect(late.stderr).toMatch(/\(403\): this file request is closed/);
    expect((await runCli(['request', 'delete', id, ...server], home)).code).toBe(0);
    const bad = await runCli(['request', 'create', 'x', '--ask-name', 'maybe', ...server], home);
    expect([bad.code, bad.stderr]).toEqual([1, 'ferry: --ask-name maybe: hidden, optional or required\n']);
  });

  it("encrypts to the requester's published age key, which only their identity opens", async () => {
    const { Decrypter, generateX25519Identity, identityToRecipient } = await import('age-encryption');
    const identity = await generateX25519Identity();
    await ferry.services.users.updateOwnProfile(rita, { ageRecipient: await identityToRecipient(identity) });
    const made = await runCli(['request', 'create', 'Secrets', '--server', ferry.url, '--token', token], await tempHome());
    const link = made.stdout.trim();
    const sent = await runCli(['upload', '--request', link, '--json', path.join(files, 'notes.txt')], await tempHome());
    expect(JSON.parse(sent.stdout)).toMatchObject({ encrypted: true, files: [{ name: 'notes.txt.age' }] });
    const [submission] = (await received(link.split('/').at(-1)!)).received;
    const cipher = new Uint8Array(await (await fetch(submission!.files[0]!.url)).arrayBuffer());
    expect(Buffer.from(cipher).toString()).not.toContain('the notes');
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(await decrypter.decrypt(cipher, 'text')).toBe('the notes');
    const uploads = (await (await fetch(`${ferry.url}/me/uploads`, { headers: { 'X-PlikToken': token } })).json()) as {
      results: Array<{ id: string; e2ee?: string }>;
    };
    expect(uploads.results.find((u) => u.e2ee === 'age')).toBeDefined();
    await ferry.services.users.updateOwnProfile(rita, { ageRecipient: '' });
  });
});
