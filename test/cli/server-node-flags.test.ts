// The server's Node flags: given wherever Ferry is started for real, never in the command's shebang.
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
});
