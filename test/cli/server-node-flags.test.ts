// The server's Node flags: given wherever Ferry is started for real, and gc whatever Node was started with.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../src/cli/server-node-flags.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('server Node flags', () => {
  it('are passed by npm start and the Dockerfile, while the ferry command starts with a plain node shebang', () => {
    const start: string = JSON.parse(read('package.json')).scripts.start;
    expect(start).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} dist/cli/main.js serve`);
    const entrypoint = read('Dockerfile').match(/^ENTRYPOINT (.*)$/m)?.[1];
    expect(JSON.parse(entrypoint!)).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/cli/main.js']);
    // busybox's env (Alpine) refuses `env -S`: flags in the shebang would stop the command from starting there.
    expect(read('src/cli/main.ts').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
  });

  it('give gc to a server whose Node was started without --expose-gc', () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const module = pathToFileURL(path.join(ROOT, 'src/cli/server-node-flags.ts')).href;
    const script = `const { exposeGc } = await import(${JSON.stringify(module)});
      const before = typeof globalThis.gc;
      exposeGc();
      globalThis.gc({ type: 'minor' });
      console.log(before, typeof globalThis.gc);`;
    const run = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('undefined function');
  });
});
