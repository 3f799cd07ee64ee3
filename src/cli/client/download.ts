// `ferry download URL`: saves a file through NAME.part, resumes a partial one with a Range request, checks the
// size it ends with, and decrypts files uploaded with --secure on the fly.
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { formatSize } from '../../domain/sizes.js';
import { basicAuthorization, run, serverUrl } from './command.js';
import { loadClientConfig } from './config.js';
import { CliError } from './errors.js';
import { checkStatus, request, type Headers, type HttpResponse } from './http.js';
import { counted, startProgress } from './progress.js';
import { passphraseFrom } from './prompt.js';
import { decryptStream, ENCRYPTED_SUFFIX, readIdentities } from './secure.js';

interface DownloadFlags {
  output?: string;
  force?: boolean;
  decrypt?: boolean;
  identity?: string;
  passphrase?: string;
  password?: string;
  insecure?: boolean;
  quiet?: boolean;
}

export function downloadCommand(): Command {
  return new Command('download')
    .description('download a file; a partial one left by an earlier try is resumed')
    .argument('<url>', 'the file URL, as `ferry upload` prints it')
    .option('-o, --output <file>', 'where to save it, "-" for stdout (default: the name in the URL)')
    .option('-f, --force', 'overwrite an existing file')
    .option('--decrypt', 'decrypt a file uploaded with --secure (age)')
    .option('--identity <key-or-file>', 'the age key (AGE-SECRET-KEY-…) or identity file to decrypt with')
    .option('--passphrase <passphrase>', 'the passphrase to decrypt with ("-" asks; asked when neither is given)')
    .option('--password <login:password>', 'credentials of a password-protected upload')
    .option('--insecure', "do not check the server's TLS certificate")
    .option('-q, --quiet', 'no progress, no summary')
    .action(run(download));
}

async function download(link: string, flags: DownloadFlags): Promise<void> {
  const config = await loadClientConfig();
  const url = new URL(serverUrl(link));
  const insecure = flags.insecure || config.insecure;
  const quiet = flags.quiet || config.quiet;
  const remoteName = path.basename(decodeURIComponent(url.pathname)) || 'download';
  const decrypting = flags.decrypt || flags.identity !== undefined;
  const decryptKey = decrypting ? await decryptionKey(flags) : undefined;
  const name = decrypting && remoteName.endsWith(ENCRYPTED_SUFFIX) ? remoteName.slice(0, -ENCRYPTED_SUFFIX.length) : remoteName;
  const target = flags.output ?? name;
  const headers: Headers = { Authorization: flags.password ? basicAuthorization(flags.password) : undefined };

  if (target === '-') {
    const response = await checkStatus(await request(url, { headers, insecure }), `downloading ${remoteName}`);
    await save(response, process.stdout, { decryptKey, offset: 0, quiet: true, name });
    return;
  }
  // stat follows links: /dev/stdout is a link to the process's descriptor.
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new CliError(`${target} is a directory: name a file in it`);
  if (existing && !existing.isFile()) {
    // A device, FIFO or socket (/dev/null, /dev/stdout, a named pipe): written into as it is. Renaming a .part file
    // onto it would replace the node itself, as root even /dev/null, with a regular file.
    const response = await checkStatus(await request(url, { headers, insecure }), `downloading ${remoteName}`);
    await save(response, createWriteStream(target, { flags: 'w' }), { decryptKey, offset: 0, quiet, name });
    if (!quiet) process.stderr.write(`wrote ${target}\n`);
    return;
  }
  if (!flags.force && existing) throw new CliError(`${target} exists: --force overwrites it`);
  const partial = `${target}.part`;
  // Decryption runs from the first byte: a partial plaintext cannot be resumed.
  if (decryptKey) await rm(partial, { force: true });
  let offset = (await sizeOf(partial)) ?? 0;
  const response = await request(url, { headers: { ...headers, Range: offset > 0 ? `bytes=${offset}-` : undefined }, insecure });
  if (response.status === 416 && offset > 0) {
    response.body.resume();
    // Nothing past the partial file: it is whole if the server's size says so.
    const head = await checkStatus(await request(url, { method: 'HEAD', headers, insecure }), `checking ${remoteName}`);
    head.body.resume();
    if (Number(head.headers['content-length']) !== offset)
      throw new CliError(`${partial} is larger than ${remoteName} on the server: remove it`);
  } else {
    await checkStatus(response, `downloading ${remoteName}`);
    if (offset > 0 && response.status !== 206) {
      // The server sends the whole file (one-shot files, servers without Range): start over.
      if (!quiet) process.stderr.write(`the server does not resume ${remoteName}: downloading it again\n`);
      offset = 0;
    }
    if (response.status === 206 && !response.headers['content-range']?.startsWith(`bytes ${offset}-`)) {
      throw new CliError(`the server answered another range than asked: ${response.headers['content-range']}`);
    }
    await save(response, createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' }), { decryptKey, offset, quiet, name });
  }
  await rename(partial, target);
  if (!quiet) process.stderr.write(`saved ${target} (${formatSize((await sizeOf(target)) ?? 0)})\n`);
}

interface SaveOptions {
  decryptKey?: { identities: string[]; passphrase?: string };
  /** Bytes already on disk before this answer. */
  offset: number;
  quiet: boolean;
  name: string;
}

/** Writes the answer's bytes (decrypted if asked), then checks that every byte the server announced arrived. */
async function save(response: HttpResponse, sink: Writable, options: SaveOptions): Promise<void> {
  const expected = expectedSize(response);
  const progress = startProgress(!options.quiet, [options.name]);
  const bar = progress.bar(options.name, expected);
  bar.count(options.offset);
  let received = options.offset;
  try {
    const body = counted(response.body, (bytes) => {
      received += bytes;
      bar.count(bytes);
    });
    const bytes: Readable = options.decryptKey ? await decryptStream(body, options.decryptKey) : body;
    await pipeline(bytes, sink);
    if (expected !== undefined && received !== expected) {
      throw new CliError(`${options.name} is incomplete: ${received} of ${expected} bytes arrived; run the command again to resume`);
    }
    bar.finish('done');
  } catch (err) {
    bar.finish('failed');
    if (err instanceof CliError) throw err;
    throw new CliError(`downloading ${options.name} failed: ${(err as Error).message}`);
  } finally {
    progress.stop();
  }
}

/** The whole file's size: Content-Range's total for a resumed download, else Content-Length (none in stream mode). */
function expectedSize(response: HttpResponse): number | undefined {
  const range = /\/(\d+)$/.exec(response.headers['content-range'] ?? '');
  if (range?.[1]) return Number(range[1]);
  const length = response.headers['content-length'];
  return length === undefined ? undefined : Number(length);
}

async function decryptionKey(flags: DownloadFlags): Promise<{ identities: string[]; passphrase?: string }> {
  const identities = flags.identity ? await readIdentities(flags.identity) : [];
  const passphrase = await passphraseFrom(identities.length === 0 ? (flags.passphrase ?? '-') : flags.passphrase, false);
  return { identities, passphrase };
}

async function sizeOf(file: string): Promise<number | undefined> {
  return stat(file).then(
    (s) => s.size,
    () => undefined,
  );
}
