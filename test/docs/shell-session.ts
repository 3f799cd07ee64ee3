// One bash process that runs commands one at a time, as a reader pasting them into a terminal would: variables
// and the working folder carry over from one command to the next, and each command's output (stdout and stderr,
// interleaved as written) and exit status come back on their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { shellQuote } from '../../src/cli/client/links.js';

export interface Ran {
  status: number;
  output: string;
}

export class ShellSession {
  private readonly bash: ChildProcess;
  private readonly outputFile: string;
  /** Marks the end of a command on bash's own stdout, which carries nothing else: commands write to outputFile. */
  private readonly done = `doc-test-done-${randomBytes(8).toString('hex')}`;
  private readonly statuses: string[] = [];
  private waiting?: () => void;
  private exited = false;
  private stderr = '';

  /** A session in `cwd` with exactly `env`; `prelude` runs first (shell options, functions). */
  constructor({ cwd, env, prelude }: { cwd: string; env: NodeJS.ProcessEnv; prelude: string }) {
    this.outputFile = path.join(os.tmpdir(), this.done);
    // Its own process group, so that close() also ends whatever a command left running.
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.bash.stderr!.on('data', (chunk) => (this.stderr += chunk));
    createInterface({ input: this.bash.stdout! }).on('line', (line) => {
      if (!line.startsWith(`${this.done} `)) return;
      this.statuses.push(line.slice(this.done.length + 1));
      this.waiting?.();
    });
    this.bash.once('exit', () => {
      this.exited = true;
      this.waiting?.();
    });
    this.bash.stdin!.write(`${prelude}\n`);
  }

  /** Runs `command` (one or more lines) with stdin from /dev/null unless it says otherwise. */
  async run(command: string): Promise<Ran> {
    if (this.exited) throw new Error(`bash has exited: ${this.stderr}`);
    this.bash.stdin!.write(`{ ${command}\n} </dev/null >${shellQuote(this.outputFile)} 2>&1; echo "${this.done} $?"\n`);
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
      if (this.statuses.length > 0 || this.exited) resolve();
    });
    this.waiting = undefined;
    const output = await readFile(this.outputFile, 'utf8').catch(() => '');
    const status = this.statuses.shift();
    // `exit`, or an error that ends a non-interactive shell (an unset variable under `set -u`, a syntax error): a
    // failure even with status 0, as the commands after it have no session left.
    if (status === undefined) return { status: this.bash.exitCode || 1, output: `${output}${this.stderr}\n(bash exited)` };
    return { status: Number(status), output };
  }

  /** Sets a shell variable for the commands that follow. */
  set(name: string, value: string): void {
    this.bash.stdin!.write(`${name}=${shellQuote(value)}\n`);
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exit = once(this.bash, 'exit');
      process.kill(-this.bash.pid!, 'SIGTERM');
      await exit;
    }
    await rm(this.outputFile, { force: true });
  }
}
