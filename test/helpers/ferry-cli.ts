// Runs the real `ferry` command as a child process, with HOME in a temp folder of its own, for the client's tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestStorage } from './ferry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
/** tsx's loader by its path, so that the command can run in any folder. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** The program and arguments that run this checkout's `ferry`, before the command's own arguments. */
export const FERRY_COMMAND = [process.execPath, '--import', TSX, MAIN] as const;

export interface CliResult {
  code: number | null;
  stdout: string;
  /** stdout as bytes, for file contents written there. */
  stdoutBytes: Buffer;
  stderr: string;
}

/** Tests start the command a few times each, at up to a few seconds apiece on a busy machine. */
export const CLI_TESTS = { timeout: 120_000 };

/** A fresh home folder: no ~/.ferryrc, no ~/.plikrc, no upload records. */
export const tempHome = () => mkdtemp(path.join(os.tmpdir(), 'ferry-home-'));

/** Starts `ferry …args` in the home folder; stdout and stderr are pipes, not a terminal. */
export function spawnCli(args: string[], home: string): ChildProcess {
  const [node, ...command] = FERRY_COMMAND;
  return spawn(node, [...command, ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `ferry …args` to its end, with `input` on stdin (stdin is closed at once when there is none). */
export async function runCli(args: string[], home: string, input?: string | Uint8Array): Promise<CliResult> {
  const child = spawnCli(args, home);
  child.stdin!.end(input);
  return finished(child);
}

/** What a started child printed, and how it exited. */
export function finished(child: ChildProcess): Promise<CliResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const bytes = Buffer.concat(stdout);
      resolve({ code, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** The flags that point a command at a test storage as an operator gives them, with the server key when there is one. */
export const storageFlags = (storage: TestStorage, encryptionKey?: string): string[] => [
  '--data-dir',
  storage.dataDir,
  '-o',
  `MetadataBackendConfig=${JSON.stringify(storage.options.MetadataBackendConfig)}`,
  ...(encryptionKey ? ['-o', `EncryptionKey=${encryptionKey}`] : []),
];
